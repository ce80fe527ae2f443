# branchbot in a container: a static binary on a distroless base, run as a
# non-root user, with the store on a volume.
#
#   docker build -t branchbot .
#   sudo chown 65532 token    # mode 0600, readable by the container's user
#   docker run -d --name branchbot --restart on-failure:5 \
#     -v branchbot:/var/lib/branchbot \
#     -v "$PWD/token:/run/secrets/token:ro" -e BRANCHBOT_TOKEN_FILE=/run/secrets/token \
#     -e BRANCHBOT_OWNER=<your Telegram user id> branchbot

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build CI checks too (cmd/branchbot/deploy_test.go runs this line).
RUN CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /out/branchbot ./cmd/branchbot
# The volume's mount point, owned by the user the bot runs as, so that a
# new named volume starts writable by it.
RUN install -d -m 0700 -o 65532 -g 65532 /out/state

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/branchbot /usr/local/bin/branchbot
COPY --from=build --chown=65532:65532 /out/state /var/lib/branchbot
USER 65532:65532
ENV BRANCHBOT_DB=/var/lib/branchbot/branchbot.db
VOLUME /var/lib/branchbot
ENTRYPOINT ["/usr/local/bin/branchbot"]
CMD ["run"]
