# Build: a static binary with templates, static files, locales and the
# demo content embedded.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/wegwijzer ./cmd/wegwijzer \
 && /out/wegwijzer validate

# Run: distroless static, as a non-root user. Time zone data is embedded.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wegwijzer /wegwijzer
USER nonroot:nonroot
ENV LISTEN_ADDR=:8080
EXPOSE 8080
# The binary checks itself (the image has no shell or curl): a GET of
# /healthz on the port of LISTEN_ADDR; exit status 0 on 200.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/wegwijzer", "healthcheck"]
ENTRYPOINT ["/wegwijzer"]
CMD ["serve"]
