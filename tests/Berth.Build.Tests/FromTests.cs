// FROM and stages: image, AS name (lower-cased, validated), --platform, global ARGs before the first FROM, and
// the stage list with indexes and names.
namespace Berth.Build.Tests;

public class FromTests
{
    [Fact]
    public void From_with_an_image_starts_an_unnamed_stage()
    {
        var stage = Assert.Single(Df.Parse("FROM alpine:3.20").Stages);
        Assert.Equal((0, null, "alpine:3.20", null), (stage.Index, stage.Name, stage.BaseImage, stage.Platform));
        Assert.Equal("stage-0", stage.DisplayName);
        Assert.Empty(stage.Instructions);
    }

    [Fact]
    public void From_as_names_the_stage_in_lower_case_and_platform_is_kept_unexpanded()
    {
        var stage = Df.Parse("FROM --platform=$BUILDPLATFORM golang:1.22 As Builder").Stages[0];
        Assert.Equal(("builder", "golang:1.22", "$BUILDPLATFORM"), (stage.Name, stage.BaseImage, stage.Platform));
    }

    [Fact]
    public void Each_from_starts_a_new_stage_that_owns_the_instructions_after_it()
    {
        var stages = Df.Parse("FROM a AS one\nRUN x\nRUN y\nFROM b\nUSER z\n").Stages;
        Assert.Equal([0, 1], stages.Select(s => s.Index));
        Assert.Equal(2, stages[0].Instructions.Count);
        Assert.IsType<UserInstruction>(Assert.Single(stages[1].Instructions));
    }

    [Fact]
    public void Args_before_the_first_from_are_global_and_args_after_it_belong_to_the_stage()
    {
        var dockerfile = Df.Parse("ARG VERSION=1.22\nARG BASE\nFROM golang:${VERSION}\nARG VERSION\n");
        Assert.Equal(["VERSION", "BASE"], dockerfile.GlobalArgs.SelectMany(a => a.Args).Select(a => a.Name));
        Assert.IsType<ArgInstruction>(Assert.Single(dockerfile.Stages[0].Instructions));
        Assert.Equal("golang:${VERSION}", dockerfile.Stages[0].BaseImage);
    }

    [Theory]
    [InlineData("FROM a AS b-c_d.e", "b-c_d.e")]
    [InlineData("FROM a as x1", "x1")]
    [InlineData("FROM a AS UPPER", "upper")]
    public void Stage_names_start_with_a_letter_and_hold_letters_digits_and_dash_underscore_dot(string line, string name) =>
        Assert.Equal(name, Df.Parse(line).Stages[0].Name);

    [Fact]
    public void An_empty_platform_flag_means_no_platform() =>
        Assert.Null(Df.Parse("FROM --platform= alpine").Stages[0].Platform);

    [Fact]
    public void A_repeated_stage_name_is_accepted_with_a_warning()
    {
        var dockerfile = Df.Parse("FROM a AS x\nFROM b AS x\n");
        Assert.Equal("duplicate stage name \"x\": stage names should be unique", Assert.Single(dockerfile.Warnings).Message);
    }

    [Fact]
    public void Dockerfiles_can_be_loaded_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"berth-build-{Guid.NewGuid():N}.Dockerfile");
        File.WriteAllText(path, "FROM scratch\nUSER 1000\n");
        try
        {
            var dockerfile = Dockerfile.Load(path);
            Assert.Equal(path, dockerfile.FileName);
            Assert.Equal(path, dockerfile.Stages[0].Instructions[0].Location.File);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
