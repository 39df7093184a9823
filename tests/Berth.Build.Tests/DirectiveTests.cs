// Parser directives: # syntax, # escape and # check are read only at the very top of the file, once each, and the
// escape directive changes both line continuation and escaping for the rest of the file.
namespace Berth.Build.Tests;

public class DirectiveTests
{
    [Fact]
    public void Syntax_escape_and_check_directives_at_the_top_are_recorded()
    {
        var dockerfile = Df.Parse("# syntax=docker/dockerfile:1.7\n#escape = `\n# check=skip=JSONArgsRecommended\nFROM scratch\n");
        Assert.Equal("docker/dockerfile:1.7", dockerfile.Directives.Syntax);
        Assert.Equal('`', dockerfile.Directives.EscapeToken);
        Assert.Equal("skip=JSONArgsRecommended", dockerfile.Directives.Check);
    }

    [Fact]
    public void Directive_names_are_case_insensitive_and_may_be_indented()
    {
        var dockerfile = Df.Parse("  # ESCAPE=`\nFROM scratch\n");
        Assert.Equal('`', dockerfile.Directives.EscapeToken);
    }

    [Theory]
    [InlineData("# a comment\n# escape=`\nFROM scratch\n")]
    [InlineData("\n# escape=`\nFROM scratch\n")]
    [InlineData("FROM scratch\n# escape=`\nRUN true\n")]
    [InlineData("# unknown=x\n# escape=`\nFROM scratch\n")]
    public void A_directive_after_a_comment_blank_line_or_instruction_is_only_a_comment(string text) =>
        Assert.Equal('\\', Df.Parse(text).Directives.EscapeToken);

    [Fact]
    public void Default_directives_are_backslash_escape_and_no_syntax()
    {
        Assert.Equal(ParserDirectives.Default, Df.Parse("FROM scratch").Directives);
    }

    [Fact]
    public void A_repeated_directive_is_rejected() =>
        Assert.Equal("Dockerfile:2:1: only one escape parser directive can be used",
            Df.Error("# escape=`\n# escape=\\\nFROM scratch\n"));

    [Fact]
    public void An_escape_token_other_than_backslash_or_backtick_is_rejected() =>
        Assert.Equal("Dockerfile:1:1: invalid escape token '$' does not match ` or \\", Df.Error("# escape=$\nFROM scratch\n"));

    [Fact]
    public void Backtick_escape_continues_lines_and_leaves_backslashes_alone()
    {
        var dockerfile = Df.Parse("# escape=`\nFROM scratch\nRUN dir c:\\ `\n  && echo done\nWORKDIR c:\\app\n");
        var instructions = dockerfile.Stages[0].Instructions;
        Assert.Equal(["dir c:\\   && echo done"], Assert.IsType<RunInstruction>(instructions[0]).Command.Arguments);
        Assert.Equal("c:\\app", Assert.IsType<WorkdirInstruction>(instructions[1]).Path);
    }

    [Fact]
    public void A_byte_order_mark_before_a_directive_is_ignored() =>
        Assert.Equal('`', Df.Parse("\uFEFF# escape=`\nFROM scratch\n").Directives.EscapeToken);
}
