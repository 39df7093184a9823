// How lines become instructions: comments, continuation lines (and the comments and blank lines BuildKit skips
// inside them), indentation, case-insensitive keywords, line endings, and the locations instructions report.
namespace Berth.Build.Tests;

public class LineTests
{
    [Fact]
    public void Comments_and_blank_lines_between_instructions_are_skipped()
    {
        var stage = Df.Parse("# header\n\nFROM scratch\n   # indented comment\n\nUSER app\n").Stages[0];
        Assert.Equal("app", Assert.IsType<UserInstruction>(Assert.Single(stage.Instructions)).User);
    }

    [Fact]
    public void Continuation_lines_are_joined_without_the_escape_and_keep_their_own_indentation()
    {
        var run = Df.Only<RunInstruction>("RUN apt-get update && \\\n    apt-get install -y curl");
        Assert.Equal(["apt-get update &&     apt-get install -y curl"], run.Command.Arguments);
    }

    [Fact]
    public void Comment_lines_inside_a_continuation_are_dropped()
    {
        var run = Df.Only<RunInstruction>("RUN set -e; \\\n# install\n    apk add git; \\\n  # and build\n    make");
        Assert.Equal(["set -e;     apk add git;     make"], run.Command.Arguments);
    }

    [Fact]
    public void Empty_lines_inside_a_continuation_are_dropped_with_a_warning()
    {
        var dockerfile = Df.Parse("FROM scratch\nRUN echo a \\\n\n    b\n");
        Assert.Equal(["echo a     b"], Assert.IsType<RunInstruction>(dockerfile.Stages[0].Instructions[0]).Command.Arguments);
        var warning = Assert.Single(dockerfile.Warnings);
        Assert.Equal(2, warning.Location.Line);
        Assert.Contains("empty continuation line", warning.Message);
    }

    [Fact]
    public void Trailing_spaces_after_the_escape_still_continue_the_line() =>
        Assert.Equal(["a b"], Df.Only<RunInstruction>("RUN a \\  \t\nb").Command.Arguments);

    [Fact]
    public void An_escaped_escape_at_the_end_does_not_continue_the_line()
    {
        var stage = Df.Parse("FROM scratch\nRUN echo \\\\\nUSER app\n").Stages[0];
        Assert.Equal(["echo \\\\"], Assert.IsType<RunInstruction>(stage.Instructions[0]).Command.Arguments);
        Assert.IsType<UserInstruction>(stage.Instructions[1]);
    }

    [Fact]
    public void A_continuation_at_the_end_of_the_file_ends_the_instruction() =>
        Assert.Equal(["echo hi"], Df.Only<RunInstruction>("RUN echo hi\\").Command.Arguments);

    [Fact]
    public void Keywords_are_case_insensitive_and_indentation_is_ignored()
    {
        var stage = Df.Parse("from alpine AS Build\n   run echo hi\n\tWorkDir /src\n").Stages[0];
        Assert.Equal("build", stage.Name);
        Assert.IsType<RunInstruction>(stage.Instructions[0]);
        Assert.IsType<WorkdirInstruction>(stage.Instructions[1]);
    }

    [Fact]
    public void Windows_line_endings_are_accepted() =>
        Assert.Equal("/app", Assert.IsType<WorkdirInstruction>(Df.Parse("FROM scratch\r\nWORKDIR /app\r\n").Stages[0].Instructions[0]).Path);

    [Fact]
    public void A_hash_after_the_start_of_a_line_is_not_a_comment() =>
        Assert.Equal(["echo a # b"], Df.Only<RunInstruction>("RUN echo a # b").Command.Arguments);

    [Fact]
    public void Instructions_know_their_first_line_last_line_and_column()
    {
        var stage = Df.Parse("FROM scratch\n\n  RUN a \\\n  b \\\n  c\nUSER x\n").Stages[0];
        Assert.Equal(new SourceLocation("Dockerfile", 3, 3, 5), stage.Instructions[0].Location);
        Assert.Equal(new SourceLocation("Dockerfile", 6, 1, 6), stage.Instructions[1].Location);
        Assert.Equal("RUN a   b   c", stage.Instructions[0].Source);
    }

    [Fact]
    public void The_file_name_given_is_used_in_locations() =>
        Assert.Equal("build/app.Dockerfile",
            Dockerfile.Parse("FROM scratch", "build/app.Dockerfile").Stages[0].Location.File);
}
