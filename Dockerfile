# fovea in a container: `docker build -t fovea .`, then serve a run folder mounted from the host:
#   docker run --rm -p 8080:8080 -v "$PWD/runs/mine:/run-folder:ro" fovea serve /run-folder --host 0.0.0.0
# Multi-stage: Swift and the -dev packages stay in the build stage; the final image holds the binary, its resource
# bundles and Debian's runtime libraries only.

FROM swift:6.0-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libtorch-dev libopenblas0-openmp libvips-dev zlib1g-dev libcairo2-dev libssl-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a change of Fovea's own sources does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
COPY Tests Tests
# The Swift runtime and Foundation linked in, so the final image needs no Swift toolchain.
RUN swift build -c release --product fovea --static-swift-stdlib \
    && mkdir /out \
    && cp "$(swift build -c release --show-bin-path)/fovea" /out/ \
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /out/

FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libtorch1.13 libopenblas0-openmp libvips42 libcairo2 libssl3 zlib1g libsqlite3-0 fonts-dejavu-core \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin fovea
# The resource bundles must sit beside the binary, where Bundle.module looks for them.
COPY --from=build /out/ /opt/fovea/
RUN ln -s /opt/fovea/fovea /usr/local/bin/fovea
USER fovea
# Passive OpenMP waits: a container usually shares its cores (see README).
ENV OMP_WAIT_POLICY=passive
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 || exit 1"]
ENTRYPOINT ["fovea"]
CMD ["--help"]
