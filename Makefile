# tedge-event-handlers: `make run` starts the forwarder, `make test` runs every test.
# Both install what the machine lacks (JDK, Maven, Mosquitto) from Debian's packages.

SHELL := /bin/bash
JAR := target/tedge-event-handlers.jar
MVN := mvn -B -q
# The broker `make run` connects to; the same keys as config/application.properties.
MQTT_HOST ?= $(or $(TEDGE_MQTT_HOST),$(shell sed -n 's/^tedge\.mqtt\.host *= *//p' config/application.properties))
MQTT_PORT ?= $(or $(TEDGE_MQTT_PORT),$(shell sed -n 's/^tedge\.mqtt\.port *= *//p' config/application.properties))
# The heap limit of a gateway install (also used by `make bench`).
JAVA_OPTS ?= -Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1

.PHONY: run test bench deps broker jar clean

run: deps $(JAR) broker
	java $(JAVA_OPTS) -jar $(JAR)

test: deps
	mvn -B -ntp verify

jar: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

deps:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jdk-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	command -v mosquitto >/dev/null || missing="$$missing mosquitto"; \
	command -v mosquitto_pub >/dev/null || missing="$$missing mosquitto-clients"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Starts a local Mosquitto on $(MQTT_HOST):$(MQTT_PORT) unless a broker already listens there.
broker: deps
	@if (exec 3<>/dev/tcp/$(MQTT_HOST)/$(MQTT_PORT)) 2>/dev/null; then \
	  echo "MQTT broker found on $(MQTT_HOST):$(MQTT_PORT)"; \
	else \
	  mkdir -p target/mosquitto; \
	  printf 'listener %s %s\nallow_anonymous true\npersistence true\npersistence_location %s/\n' \
	    $(MQTT_PORT) $(MQTT_HOST) $(CURDIR)/target/mosquitto > target/mosquitto/mosquitto.conf; \
	  mosquitto -d -c target/mosquitto/mosquitto.conf; \
	  for i in $$(seq 50); do (exec 3<>/dev/tcp/$(MQTT_HOST)/$(MQTT_PORT)) 2>/dev/null && break; sleep 0.1; done; \
	  echo "Started Mosquitto on $(MQTT_HOST):$(MQTT_PORT)"; \
	fi

clean:
	$(MVN) clean
