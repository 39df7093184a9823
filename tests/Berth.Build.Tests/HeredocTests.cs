// Heredocs: <<EOF bodies after RUN, COPY and ADD; <<- tab stripping; quoted delimiters that turn expansion off;
// several heredocs on one line; file descriptors; and where heredocs are not recognised at all.
namespace Berth.Build.Tests;

public class HeredocTests
{
    [Fact]
    public void Run_heredoc_body_runs_up_to_the_delimiter_line()
    {
        var dockerfile = Df.Parse("FROM scratch\nRUN <<EOF\napt-get update\n  # not a comment here\n\nEOF\nUSER app\n");
        var run = Assert.IsType<RunInstruction>(dockerfile.Stages[0].Instructions[0]);
        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal(new Heredoc("EOF", 0, true, false, "apt-get update\n  # not a comment here\n\n"), heredoc);
        Assert.Equal((2, 6), (run.Location.Line, run.Location.EndLine));
        Assert.IsType<UserInstruction>(dockerfile.Stages[0].Instructions[1]);
    }

    [Fact]
    public void Dash_heredoc_strips_leading_tabs_from_the_body_and_the_delimiter()
    {
        var heredoc = Assert.Single(Df.Only<RunInstruction>("RUN <<-EOF\n\techo a\n\t\t  echo b\n\tEOF").Heredocs);
        Assert.True(heredoc.Chomp);
        Assert.Equal("\techo a\n\t\t  echo b\n", heredoc.Content);
        Assert.Equal("echo a\n  echo b\n", heredoc.Body);
    }

    [Theory]
    [InlineData("<<EOF", true)]
    [InlineData("<<\"EOF\"", false)]
    [InlineData("<<'EOF'", false)]
    [InlineData("<<E\"O\"F", false)]
    [InlineData("<<-\"EOF\"", false)]
    public void Quoting_the_delimiter_turns_expansion_off(string opener, bool expand)
    {
        var heredoc = Assert.Single(Df.Only<CopyInstruction>($"COPY {opener} /x\n$HOME\nEOF").Heredocs);
        Assert.Equal(("EOF", expand), (heredoc.Name, heredoc.Expand));
    }

    [Fact]
    public void Several_heredocs_on_one_line_are_read_in_order()
    {
        var copy = Df.Only<CopyInstruction>("COPY <<one.txt <<two.txt /dest/\nfirst\none.txt\nsecond\ntwo.txt");
        Assert.Equal([("one.txt", "first\n"), ("two.txt", "second\n")], copy.Heredocs.Select(h => (h.Name, h.Content)));
    }

    [Fact]
    public void Heredoc_can_feed_a_program_and_name_a_file_descriptor()
    {
        var run = Df.Only<RunInstruction>("RUN python3 3<<DATA <<EOF\nx=1\nDATA\nprint(1)\nEOF");
        Assert.Equal(["python3 3<<DATA <<EOF"], run.Command.Arguments);
        Assert.Equal([("DATA", 3), ("EOF", 0)], run.Heredocs.Select(h => (h.Name, h.FileDescriptor)));
    }

    [Fact]
    public void Heredoc_keeps_windows_line_endings_in_the_body() =>
        Assert.Equal("a\r\n", Assert.Single(Df.Only<RunInstruction>("RUN <<EOF\r\na\r\nEOF\r\n").Heredocs).Content);

    [Fact]
    public void Copy_heredoc_is_expanded_without_removing_quotes_unless_its_delimiter_was_quoted()
    {
        var expander = Df.Expander(("NAME", "berth"));
        var plain = expander.Expand(Df.Only<CopyInstruction>("COPY <<EOF /x\nhi \"$NAME\" '${NAME}'\nEOF"));
        Assert.Equal("hi \"berth\" 'berth'\n", plain.Heredocs[0].Body);
        var quoted = expander.Expand(Df.Only<CopyInstruction>("COPY <<'EOF' /x\nhi $NAME\nEOF"));
        Assert.Equal("hi $NAME\n", quoted.Heredocs[0].Body);
    }

    [Fact]
    public void Copy_dash_heredoc_is_stripped_before_it_is_expanded()
    {
        var copy = Df.Expander(("V", "1")).Expand(Df.Only<CopyInstruction>("COPY <<-EOF /x\n\tv=$V\n\tEOF"));
        Assert.Equal("v=1\n", copy.Heredocs[0].Body);
    }

    [Theory]
    [InlineData("RUN [\"cat\", \"<<EOF\"]")]
    [InlineData("RUN echo \"<<EOF\"")]
    [InlineData("RUN cat <<<EOF")]
    [InlineData("CMD cat <<EOF")]
    public void Heredocs_are_not_recognised_in_json_form_in_quotes_in_here_strings_or_outside_run_copy_and_add(string line)
    {
        var dockerfile = Df.Parse($"FROM scratch\n{line}\nUSER app\n");
        Assert.Equal(2, dockerfile.Stages[0].Instructions.Count);
    }
}
