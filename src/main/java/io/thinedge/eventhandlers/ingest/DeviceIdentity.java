package io.thinedge.eventhandlers.ingest;

import java.util.Map;

/**
 * Who raised an event: the main device's id and the domain each device belongs to (SPEC §3 rule 5).
 *
 * @param mainDeviceId  {@code tedge.device.id}
 * @param gatewayDomain {@code tedge.device.domain}, the default domain of every device
 * @param childDomains  per-child domains ({@code tedge.child-domain.<child>})
 */
public record DeviceIdentity(String mainDeviceId, String gatewayDomain, Map<String, String> childDomains) {

    public DeviceIdentity {
        childDomains = Map.copyOf(childDomains);
    }

    public String deviceId(String childId) {
        return childId == null ? mainDeviceId : childId;
    }

    public String domainOf(String childId) {
        return childId == null ? gatewayDomain : childDomains.getOrDefault(childId, gatewayDomain);
    }
}
