/**
 * Trying a handler's sink outside its route: one real event delivered now, on a route made for
 * that delivery alone and outside the handler's breaker ({@link io.thinedge.eventhandlers.probe.OneOffDelivery}).
 * <ul>
 * <li>The operator's test ({@code POST .../test/...}, {@link io.thinedge.eventhandlers.probe.HandlerTests}):
 * a sample event built from the handler's filter ({@link io.thinedge.eventhandlers.probe.SampleEvents})
 * through the {@code handlerTester} bean ({@link io.thinedge.eventhandlers.probe.SinkTester}); a success
 * enables a failed handler again. The same endpoints answer the preview, which delivers nothing.</li>
 * <li>The automatic re-test of failed handlers ({@link io.thinedge.eventhandlers.probe.Retester}): the
 * oldest waiting dead letter, a real event, on the handler's lane; delivered, the handler is enabled
 * again and the rest replayed.</li>
 * </ul>
 * The dispatch side builds and binds these ({@code dispatch.HandlerDispatch}); what each sink type
 * needs comes from {@link io.thinedge.eventhandlers.sink.HandlerSinks}.
 */
package io.thinedge.eventhandlers.probe;
