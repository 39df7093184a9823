// The stage graph: the stages a target needs (FROM, COPY --from by name or number, RUN --mount from=), their order
// and parallel waves, what is skipped, and the errors for unknown targets, bad stage numbers and cycles.
namespace Berth.Build.Tests;

public class StageGraphTests
{
    static List<string> Names(IEnumerable<Stage> stages) => stages.Select(s => s.DisplayName).ToList();

    [Fact]
    public void A_single_stage_needs_only_itself()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM alpine\nRUN true\n"));
        Assert.Equal(["stage-0"], Names(graph.Order));
        var dependency = Assert.Single(graph.DependenciesOf(graph.Target));
        Assert.Equal(("alpine", false), (dependency.Image, dependency.IsStage));
    }

    [Fact]
    public void The_default_target_is_the_last_stage_and_unused_stages_are_skipped()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM a AS lint\nFROM b AS build\nFROM c AS test\nFROM build AS final\n"));
        Assert.Equal("final", graph.Target.Name);
        Assert.Equal(["build", "final"], Names(graph.Order));
        Assert.Equal(["lint", "test"], Names(graph.Unused));
    }

    [Fact]
    public void Independent_stages_share_a_wave()
    {
        var graph = StageGraph.Resolve(Df.Parse("""
            FROM golang AS backend
            FROM node AS frontend
            FROM alpine AS assets
            FROM backend AS test
            FROM scratch
            COPY --from=backend /app /app
            COPY --from=frontend /dist /www
            COPY --from=2 /assets /assets
            """));
        Assert.Equal([["backend", "frontend", "assets"], ["stage-4"]], graph.Waves.Select(Names));
        Assert.Equal(["test"], Names(graph.Unused));
        Assert.Equal(["backend", "frontend", "assets"], Names(graph.DependenciesOf(graph.Target).Select(d => d.Stage!)));
    }

    [Fact]
    public void Chains_of_stages_come_in_dependency_order()
    {
        var graph = StageGraph.Resolve(Df.Parse("""
            FROM alpine AS base
            FROM base AS deps
            FROM deps AS build
            RUN --mount=type=cache,from=base,target=/c make
            FROM base
            COPY --from=build /out /out
            """));
        Assert.Equal([["base"], ["deps"], ["build"], ["stage-3"]], graph.Waves.Select(Names));
    }

    [Fact]
    public void A_named_target_builds_only_what_it_needs() =>
        Assert.Equal(["base", "test"], Names(StageGraph.Resolve(Df.Parse("FROM a AS base\nFROM base AS test\nFROM base AS prod\n"), "TEST").Order));

    [Fact]
    public void Copy_from_a_name_that_is_no_stage_is_an_image()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM scratch\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nRUN --mount=from=busybox,target=/bb true\n"));
        Assert.Equal(["nginx:1.27", "busybox"], graph.DependenciesOf(graph.Target).Select(d => d.Image));
        Assert.IsType<RunInstruction>(graph.DependenciesOf(graph.Target)[1].Instruction);
    }

    [Fact]
    public void From_sees_only_earlier_stages()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM later AS first\nFROM alpine AS later\n"), "first");
        var dependency = Assert.Single(graph.DependenciesOf(graph.Target));
        Assert.Equal(("later", null), (dependency.Image, dependency.Stage));
    }

    [Theory]
    [InlineData("later")]
    [InlineData("1")]
    public void Copy_from_a_later_stage_is_an_error(string from) =>
        Assert.Equal("Dockerfile:2:1: cannot copy from stage \"later\", it needs to be defined before current stage \"first\"",
            Assert.Throws<DockerfileException>(() => StageGraph.Resolve(Df.Parse($"FROM a AS first\nCOPY --from={from} /x /x\nFROM b AS later\n"), "first")).Message);

    [Fact]
    public void A_mount_may_use_a_later_stage()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM a AS first\nRUN --mount=from=later,target=/l true\nFROM b AS later\n"), "first");
        Assert.Equal(["later", "first"], Names(graph.Order));
    }

    [Fact]
    public void From_a_stage_of_the_same_name_refers_to_the_image()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM node AS node\n"));
        Assert.Equal("node", Assert.Single(graph.DependenciesOf(graph.Target)).Image);
    }

    [Fact]
    public void From_lines_use_the_global_args_given_or_the_dockerfiles_defaults()
    {
        var dockerfile = Df.Parse("ARG FLAVOR=alpine\nARG BASE=build\nFROM golang:1.22-$FLAVOR AS build\nFROM $BASE\n");
        var defaults = StageGraph.Resolve(dockerfile);
        Assert.Equal("golang:1.22-alpine", defaults.DependenciesOf(dockerfile.Stages[0])[0].Image);
        Assert.Equal(["build", "stage-1"], Names(defaults.Order));
        var given = StageGraph.Resolve(dockerfile, globalArgs: dockerfile.ResolveGlobalArgs(new Dictionary<string, string> { ["BASE"] = "debian" }));
        Assert.Equal(["stage-1"], Names(given.Order));
        Assert.Equal("debian", given.DependenciesOf(given.Target)[0].Image);
    }

    [Fact]
    public void Scratch_is_no_dependency() =>
        Assert.Empty(StageGraph.Resolve(Df.Parse("FROM scratch\n")).DependenciesOf(Df.Parse("FROM scratch\n").Stages[0]));

    [Fact]
    public void An_unknown_target_lists_the_stage_names()
    {
        var error = Assert.Throws<ArgumentException>(() => StageGraph.Resolve(Df.Parse("FROM a AS build\nFROM b AS release\n"), "relase"));
        Assert.StartsWith("target stage \"relase\" could not be found (did you mean release?) (stages: build, release)", error.Message);
        var unnamed = Assert.Throws<ArgumentException>(() => StageGraph.Resolve(Df.Parse("FROM a\n"), "x"));
        Assert.StartsWith("target stage \"x\" could not be found (no stage has a name; add AS NAME to a FROM to target it)", unnamed.Message);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    public void Copy_from_a_stage_number_out_of_range_is_an_error(string index) =>
        Assert.Equal($"Dockerfile:4:1: invalid stage index {index}: this Dockerfile has stages 0 to 1",
            Assert.Throws<DockerfileException>(() => StageGraph.Resolve(Df.Parse($"FROM a\nFROM b\n\nCOPY --from={index} /x /x\n"))).Message);

    [Fact]
    public void A_cycle_through_a_mount_is_an_error_at_the_instruction_that_closes_it() =>
        Assert.Equal("Dockerfile:3:1: circular dependency detected on stage \"a\" (a -> b -> a): a stage cannot use a stage that uses it",
            Assert.Throws<DockerfileException>(() => StageGraph.Resolve(Df.Parse("FROM x AS a\nRUN --mount=from=b,target=/b true\nFROM a AS b\n"), "a")).Message);

    [Fact]
    public void Mounting_the_stage_itself_is_a_cycle() =>
        Assert.Equal("Dockerfile:2:1: circular dependency detected on stage \"self\" (self -> self): a stage cannot use a stage that uses it",
            Assert.Throws<DockerfileException>(() => StageGraph.Resolve(Df.Parse("FROM x AS self\nRUN --mount=from=self,target=/s true\n"))).Message);

    [Fact]
    public void Copying_from_the_stage_itself_is_an_error() =>
        Assert.Equal("Dockerfile:2:1: cannot copy from stage \"self\", it needs to be defined before current stage \"self\"",
            Assert.Throws<DockerfileException>(() => StageGraph.Resolve(Df.Parse("FROM x AS self\nCOPY --from=self /a /b\n"))).Message);

    [Fact]
    public void Cycles_and_forward_copies_in_unused_stages_do_not_matter()
    {
        var graph = StageGraph.Resolve(Df.Parse("FROM x AS a\nCOPY --from=b /1 /1\nRUN --mount=from=b,target=/b true\nFROM a AS b\nFROM alpine AS ok\n"));
        Assert.Equal(["ok"], Names(graph.Order));
    }
}
