// Whole Dockerfiles of the kind people write: a Go service with cache mounts and a distroless final stage, a Node
// app with a heredoc, an allow-list .dockerignore and a healthcheck; parsed, expanded and planned end to end.
namespace Berth.Build.Tests;

public class RealWorldTests
{
    const string GoService = """
        # syntax=docker/dockerfile:1.7
        # check=error=true

        ARG GO_VERSION=1.22
        ARG ALPINE_VERSION=3.20

        FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
        WORKDIR /src
        ENV CGO_ENABLED=0 \
            GOFLAGS="-trimpath -mod=readonly"
        # Download modules first so they cache separately from the sources.
        COPY go.mod go.sum ./
        RUN --mount=type=cache,target=/go/pkg/mod,id=gomod \
            go mod download
        COPY . .
        ARG TARGETOS TARGETARCH
        ARG VERSION=dev
        RUN --mount=type=cache,target=/go/pkg/mod,id=gomod \
            --mount=type=cache,target=/root/.cache/go-build,sharing=locked \
            GOOS=$TARGETOS GOARCH=$TARGETARCH \
            go build -ldflags "-s -w -X main.version=${VERSION}" -o /out/server ./cmd/server

        FROM build AS test
        RUN --network=none go test ./...

        FROM gcr.io/distroless/static-debian12:nonroot
        LABEL org.opencontainers.image.title="server" \
              org.opencontainers.image.source="https://example.com/server"
        COPY --from=build --chmod=0755 /out/server /usr/local/bin/server
        EXPOSE 8080/tcp
        USER nonroot:nonroot
        HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/usr/local/bin/server", "-healthcheck"]
        ENTRYPOINT ["/usr/local/bin/server"]
        """;

    const string NodeApp = """
        FROM node:20-bookworm-slim AS deps
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

        FROM node:20-bookworm-slim AS build
        WORKDIR /app
        COPY --from=deps /app/node_modules ./node_modules
        COPY . .
        RUN npm run build

        FROM node:20-bookworm-slim
        ENV NODE_ENV=production PORT=3000
        WORKDIR /app
        RUN <<-EOF
        	set -eu
        	groupadd --system app
        	useradd --system --gid app app
        EOF
        COPY --from=deps --chown=app:app /app/node_modules ./node_modules
        COPY --from=build --chown=app:app /app/dist ./dist
        COPY <<EOF /app/config.json
        {"port": $PORT, "env": "$NODE_ENV"}
        EOF
        USER app
        EXPOSE $PORT
        STOPSIGNAL SIGTERM
        CMD ["node", "dist/server.js"]
        """;

    [Fact]
    public void Go_service_parses_into_three_stages_with_its_directives_and_global_args()
    {
        var dockerfile = Df.Parse(GoService);
        Assert.Equal(("docker/dockerfile:1.7", "error=true"), (dockerfile.Directives.Syntax, dockerfile.Directives.Check));
        Assert.Equal(["GO_VERSION", "ALPINE_VERSION"], dockerfile.GlobalArgs.SelectMany(a => a.Args).Select(a => a.Name));
        Assert.Equal(["build", "test", null], dockerfile.Stages.Select(s => s.Name));
        Assert.Equal(8, dockerfile.Stages[0].Instructions.Count);

        var build = dockerfile.Stages[0];
        var env = Assert.IsType<EnvInstruction>(build.Instructions[1]);
        Assert.Equal(["CGO_ENABLED=0", "GOFLAGS=-trimpath -mod=readonly"], Df.Expander().Expand(env).Variables.Select(v => $"{v.Key}={v.Value}"));
        var compile = Assert.IsType<RunInstruction>(build.Instructions[7]);
        Assert.Equal([MountType.Cache, MountType.Cache], compile.Mounts.Select(m => m.Type));
        Assert.Equal(CacheSharing.Locked, compile.Mounts[1].Sharing);
        Assert.StartsWith("GOOS=$TARGETOS GOARCH=$TARGETARCH", compile.Command.Arguments[0]);
        Assert.Equal((18, 21), (compile.Location.Line, compile.Location.EndLine));
    }

    [Fact]
    public void Go_service_expands_from_lines_with_global_and_platform_args()
    {
        var dockerfile = Df.Parse(GoService);
        var args = dockerfile.ResolveGlobalArgs(new Dictionary<string, string> { ["GO_VERSION"] = "1.23" },
            new Dictionary<string, string> { ["BUILDPLATFORM"] = "linux/amd64" });
        var from = new Expander('\\', args).Expand(dockerfile.Stages[0].From);
        Assert.Equal(("golang:1.23-alpine3.20", "linux/amd64"), (from.BaseImage, from.Platform));
    }

    [Fact]
    public void Go_service_final_image_needs_build_but_not_test()
    {
        var graph = StageGraph.Resolve(Df.Parse(GoService));
        Assert.Equal([["build"], ["stage-2"]], graph.Waves.Select(w => w.Select(s => s.DisplayName)));
        Assert.Equal(["test"], graph.Unused.Select(s => s.DisplayName));
        var final = graph.Target.Instructions;
        Assert.Equal(["CMD", "/usr/local/bin/server", "-healthcheck"], Assert.IsType<HealthcheckInstruction>(final[4]).Healthcheck.Test);
        Assert.Equal(["/usr/local/bin/server"], Assert.IsType<EntrypointInstruction>(final[5]).Command.Arguments);
    }

    [Fact]
    public void Node_app_parses_its_heredocs_and_expands_its_config_with_the_stage_env()
    {
        var dockerfile = Df.Parse(NodeApp);
        var final = dockerfile.Stages[2];
        var users = Assert.IsType<RunInstruction>(final.Instructions[2]);
        Assert.Equal("set -eu\ngroupadd --system app\nuseradd --system --gid app app\n", Assert.Single(users.Heredocs).Body);

        var env = new Dictionary<string, string> { ["NODE_ENV"] = "production", ["PORT"] = "3000" };
        var expander = new Expander('\\', env);
        var config = expander.Expand(Assert.IsType<CopyInstruction>(final.Instructions[5]));
        Assert.Equal("{\"port\": 3000, \"env\": \"production\"}\n", config.Heredocs[0].Body);
        Assert.Equal(["3000"], expander.Expand(Assert.IsType<ExposeInstruction>(final.Instructions[7])).Ports);
    }

    [Fact]
    public void Node_app_builds_deps_first_then_build_then_the_final_stage()
    {
        var graph = StageGraph.Resolve(Df.Parse(NodeApp));
        Assert.Equal([["deps"], ["build"], ["stage-2"]], graph.Waves.Select(w => w.Select(s => s.DisplayName)));
        Assert.Equal(["node:20-bookworm-slim", null, null], graph.DependenciesOf(graph.Target).Select(d => d.Image));
    }
}
