# tedge-event-handlers: `make run` starts the forwarder, `make test` runs every test.
# Both install what the machine lacks (JDK, Maven, Mosquitto; Chromium for the tests) from Debian's packages.

SHELL := /bin/bash
JAR := target/tedge-event-handlers.jar
MVN := mvn -B -q
# The broker `make run` connects to; the same keys as config/application.properties.
MQTT_HOST ?= $(or $(TEDGE_MQTT_HOST),$(shell sed -n 's/^tedge\.mqtt\.host *= *//p' config/application.properties))
MQTT_PORT ?= $(or $(TEDGE_MQTT_PORT),$(shell sed -n 's/^tedge\.mqtt\.port *= *//p' config/application.properties))
# The port of the API and console `make run` needs free (camel.server.port).
API_PORT ?= $(or $(CAMEL_SERVER_PORT),$(shell sed -n 's/^camel\.server\.port *= *//p' config/application.properties))
# The JVM options of a gateway install (also used by `make bench` and the tests): config/jvm.env.
include config/jvm.env
# for the processes the targets start (java, Maven and the forwarders of the bench and the tests)
export MALLOC_ARENA_MAX
HEAP_OPTS := $(subst ",,$(JVM_HEAP_OPTS))
# Class data sharing (AppCDS): the classes one training start loads, archived, halve the time to a
# ready API (3.0 s -> 1.6 s measured). An archive belongs to one jar file and is rebuilt with it;
# a missing or stale one is ignored by the JVM.
CDS := $(CURDIR)/target/tedge-event-handlers.jsa
JAVA_OPTS ?= $(HEAP_OPTS) -XX:SharedArchiveFile=$(CDS)

# $(call archive-classes,<jar>,<archive>): starts the jar for 4 s (no broker needed) and archives
# the classes it loaded; run from a folder holding config/ and routes/.
define archive-classes
	tmp=$$(mktemp -d) && if java $(HEAP_OPTS) -XX:ArchiveClassesAtExit=$(2) -Dcamel.main.duration-max-seconds=4 \
	  -Dtedge.mqtt.port=1 -Dstore.dir=$$tmp/data -Dapi.tokens-file=$$tmp/api-tokens -Dcamel.server.port=0 \
	  -Dcamel.main.routes-reload-enabled=false -jar $(1) > $$tmp/log 2>&1; then rm -rf $$tmp; \
	  else echo "Class archive not built (the forwarder starts without it, only slower): see $$tmp/log"; fi
endef

.PHONY: run test bench deps browser postgres influxdb broker api-port jar clean install

run: deps $(JAR) $(CDS) broker api-port
	@echo "Starting the forwarder: MQTT broker $(MQTT_HOST):$(MQTT_PORT), API and console on port $(API_PORT)"
	java $(JAVA_OPTS) -jar $(JAR)

# Refuses to start a second forwarder (or beside another server) on the API's port: the JVM would
# start, fail to bind and stop with a long stack trace.
api-port:
	@if (exec 3<>/dev/tcp/127.0.0.1/$(API_PORT)) 2>/dev/null; then \
	  echo "Port $(API_PORT) (camel.server.port) is taken: another forwarder or server listens there." >&2; \
	  echo "Stop it, or choose another port: CAMEL_SERVER_PORT=8081 make run" >&2; \
	  exit 1; \
	fi

test: deps browser postgres influxdb
	mvn -B -ntp verify

# Throughput, latency and footprint of the forwarder against its baselines, in one run (see README).
BENCH_EVENTS ?= 100000
# Row groups to run, comma-separated (raw, peer, kafka1, drain, kafka10, webhook, smartrest, hundred, scale); empty runs all.
# drain: a backlog of BENCH_EVENTS in a persistent session, drained by mosquitto_sub -q 1 and by the
#   forwarder (stopped, backlog published, started), both timed from the first event out to the last.
# webhook: one device's events, then 10 child devices' (up to maxInFlight requests at once).
# hundred: 100 Kafka handlers in 10 domains, each event matching one, against 1 handler of the same
#   events; the second (warm) round counts, with the forwarder's threads and RSS.
# scale: 1, 2 and 3 instances in a shared subscription group on PostgreSQL (started when missing).
BENCH_ONLY ?=
# linger.ms of the Kafka producers in the bench (shell peer and forwarder handler alike).
BENCH_LINGER_MS ?= 0
# Events published (and awaited) before each measured row; default BENCH_EVENTS.
BENCH_WARMUP ?=
# Events the forwarder's 1-handler route gets before the first round (unmeasured); default 4x BENCH_EVENTS.
BENCH_FORWARDER_WARMUP ?=
# Events published at 1 000/s, unmeasured, before each latency row (30 s: with 10 s both JVMs were
# still compiling, C2 at a fifth to two fifths of a core, during the measured row).
BENCH_LATENCY_WARMUP ?= 30000
# Times the raw subscriber, shell peer and 1-handler rows alternate; the ratios are medians.
BENCH_ROUNDS ?= 3
# The bench's own JVM (Maven's) hosts the publisher, the Kafka broker and the receivers: G1's
# default young pauses of 17-22 ms every ~7 s landed in every Kafka latency row, the shell peer's too.
BENCH_JVM_OPTS ?= -XX:MaxGCPauseMillis=5
bench: deps postgres $(JAR) $(CDS)
	@command -v kcat >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat)
	MAVEN_OPTS="$(BENCH_JVM_OPTS) $$MAVEN_OPTS" $(MVN) test-compile exec:java -Dexec.mainClass=io.thinedge.eventhandlers.bench.Bench \
	  -Dexec.classpathScope=test -Dbench.events=$(BENCH_EVENTS) -Dbench.only=$(BENCH_ONLY) -Dbench.lingerMs=$(BENCH_LINGER_MS) -Dbench.warmup=$(BENCH_WARMUP) -Dbench.forwarderWarmup=$(BENCH_FORWARDER_WARMUP) -Dbench.rounds=$(BENCH_ROUNDS) \
	  -Dbench.latencyWarmup=$(BENCH_LATENCY_WARMUP) -Dforwarder.javaOpts="$(JAVA_OPTS)"

jar: $(JAR)

$(CDS): $(JAR)
	@$(call archive-classes,$(JAR),$(CDS))

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

# The console's browser tests drive Debian's Chromium (headless) through its ChromeDriver.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "Installing: chromium chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

# The influxDb handler tests start an InfluxDB 1.x of their own (influxd on free loopback ports, a
# temporary data folder); the package's own service is not needed.
influxdb:
	@if ! command -v influxd >/dev/null; then \
	  echo "Installing: influxdb"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq influxdb; \
	fi

# The scale-out tests need PostgreSQL on 127.0.0.1:5432 where the user postgres connects without a
# password (each test creates a database of its own and drops it). A server that is missing is
# installed and given that access; one that is installed but stopped is started; one that runs is
# left as it is.
postgres:
	@if ! command -v pg_ctlcluster >/dev/null; then \
	  echo "Installing: postgresql"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  hba=$$(ls /etc/postgresql/*/main/pg_hba.conf | head -1); \
	  sed -i '1i host all postgres 127.0.0.1/32 trust' $$hba; \
	  for c in $$(pg_lsclusters -h | cut -d' ' -f1,2 | tr ' ' '/'); do pg_ctlcluster $${c%/*} $${c#*/} reload 2>/dev/null || true; done; \
	fi
	@if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
	  cluster=$$(pg_lsclusters -h | head -1); \
	  pg_ctlcluster $$(echo $$cluster | cut -d' ' -f1) $$(echo $$cluster | cut -d' ' -f2) start; \
	  for i in $$(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && break; sleep 0.2; done; \
	  echo "Started PostgreSQL"; \
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

# Installs on a gateway: jar in /usr/share, config and routes in /etc (kept when present), state in
# /var/lib, a systemd unit. DESTDIR allows staging into a package root.
PREFIX_SHARE := $(DESTDIR)/usr/share/tedge-event-handlers
PREFIX_ETC := $(DESTDIR)/etc/tedge-event-handlers
PREFIX_VAR := $(DESTDIR)/var/lib/tedge-event-handlers
install: $(JAR)
	install -d $(PREFIX_SHARE) $(PREFIX_ETC)/config $(PREFIX_ETC)/routes/kamelets $(PREFIX_VAR)/data $(DESTDIR)/etc/systemd/system
	install -m 0644 $(JAR) $(PREFIX_SHARE)/tedge-event-handlers.jar
	for f in config/application.properties config/jvm.env routes/*.camel.yaml routes/kamelets/*.kamelet.yaml; do \
	  [ -e $(PREFIX_ETC)/$$f ] || install -m 0644 $$f $(PREFIX_ETC)/$$f; done
	ln -sfn /etc/tedge-event-handlers/config $(PREFIX_VAR)/config
	ln -sfn /etc/tedge-event-handlers/routes $(PREFIX_VAR)/routes
	install -m 0644 packaging/tedge-event-handlers.service $(DESTDIR)/etc/systemd/system/
	@if [ -z "$(DESTDIR)" ]; then cd $(PREFIX_VAR) && \
	  $(call archive-classes,$(PREFIX_SHARE)/tedge-event-handlers.jar,$(PREFIX_VAR)/tedge-event-handlers.jsa); fi
	@if [ -z "$(DESTDIR)" ]; then \
	  id tedge-event-handlers >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tedge-event-handlers; \
	  chown -R tedge-event-handlers $(PREFIX_VAR) $(PREFIX_ETC)/config; \
	  command -v systemctl >/dev/null && systemctl daemon-reload || true; \
	  echo "Installed. Start with: systemctl enable --now tedge-event-handlers"; fi
