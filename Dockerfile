# factd container image (Debian 12).
#
#   podman build -t factd:latest .        # or: docker build -t factd:latest .
#   podman run --rm -p 50051:50051 -p 9464:9464 factd:latest
#
# The image is named factd:latest; deploy/kubernetes/ refers to it by that
# name (override it with `kustomize edit set image factd=REGISTRY/factd:TAG`).
#
# Build stage: the same scripts/setup.sh as the README (apt-get packages,
# CMake + Ninja into build/). It compiles the whole project on every core of
# the builder, so it takes a while on a small machine.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY . .
RUN scripts/setup.sh \
 && strip --strip-debug -o /factd build/service/factd

# Runtime stage: only the shared libraries factd links against. The list comes
# from `ldd build/service/factd`, each .so mapped to its package with
# `dpkg -S` (libc6, libgcc-s1, libstdc++6 and zlib1g are already in the base).
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libabsl20220623 \
      libc-ares2 \
      libcld2-0 \
      libgrpc++1.51 \
      libgrpc29 \
      libicu72 \
      libprometheus-cpp-core1.0 \
      libprotobuf32 \
      libre2-9 \
      libssl3 \
      libstdc++6 \
      zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 factd \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin factd
COPY --from=build /factd /usr/local/bin/factd
# Fail the build here, not at start, if a library is missing.
RUN ! ldd /usr/local/bin/factd | grep -F 'not found' \
 && /usr/local/bin/factd --version

# Numeric, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
# gRPC, Prometheus /metrics.
EXPOSE 50051 9464
# factd turns NOT_SERVING on SIGTERM and drains for --grace_period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/factd"]
CMD ["--address=0.0.0.0:50051", "--metrics_address=0.0.0.0"]
