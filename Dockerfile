# syntax=docker/dockerfile:1
# Tearline in a container: built with Maven on JDK 21, run on a JRE 21 image as an unprivileged user.
# An example to adapt (see README, "Deployment"):
#   docker build -t tearline .
#   docker compose up            # with PostgreSQL, see compose.yaml

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# the distribution of `./tearline package`: bin/tearline, lib/, a sample tearline.yaml
RUN --mount=type=cache,target=/root/.m2 \
    mvn -q -B -Dstyle.color=never -DskipTests -pl app -am package \
 && mkdir /dist && tar xzf app/target/tearline-*.tar.gz -C /dist --strip-components=1

FROM eclipse-temurin:21-jre
RUN groupadd --system tearline && useradd --system --gid tearline --home-dir /var/lib/tearline tearline \
 && mkdir -p /var/lib/tearline /etc/tearline && chown tearline:tearline /var/lib/tearline
COPY --from=build /dist /opt/tearline
COPY deploy/tearline.yaml /etc/tearline/tearline.yaml
USER tearline
WORKDIR /var/lib/tearline
VOLUME /var/lib/tearline
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["/opt/tearline/bin/tearline"]
CMD ["serve", "--config", "/etc/tearline/tearline.yaml"]
