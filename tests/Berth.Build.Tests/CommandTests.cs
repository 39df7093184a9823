// CMD, ENTRYPOINT, SHELL and HEALTHCHECK: the instructions that record a command for later, in shell or exec form,
// and HEALTHCHECK's options with Go durations.
namespace Berth.Build.Tests;

public class CommandTests
{
    [Fact]
    public void Cmd_in_exec_and_shell_form()
    {
        Assert.Equal(new[] { "node", "server.js" }, Df.Only<CmdInstruction>("CMD [\"node\", \"server.js\"]").Command.Arguments);
        var shell = Df.Only<CmdInstruction>("CMD exec node server.js");
        Assert.Equal((CommandForm.Shell, "exec node server.js"), (shell.Command.Form, shell.Command.Arguments[0]));
    }

    [Fact]
    public void Empty_cmd_and_entrypoint_have_no_arguments()
    {
        Assert.Empty(Df.Only<CmdInstruction>("CMD").Command.Arguments);
        var entrypoint = Df.Only<EntrypointInstruction>("ENTRYPOINT []");
        Assert.Equal(CommandForm.Exec, entrypoint.Command.Form);
        Assert.Empty(entrypoint.Command.Arguments);
    }

    [Fact]
    public void Entrypoint_in_exec_form() =>
        Assert.Equal(["/usr/bin/tini", "--"], Df.Only<EntrypointInstruction>("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]").Command.Arguments);

    [Fact]
    public void Json_escapes_are_decoded() =>
        Assert.Equal(["a\"b", "c\\d", "\u00e9"], Df.Only<CmdInstruction>("CMD [\"a\\\"b\", \"c\\\\d\", \"\\u00e9\"]").Command.Arguments);

    [Fact]
    public void Shell_takes_a_json_array() =>
        Assert.Equal(["/bin/bash", "-euo", "pipefail", "-c"], Df.Only<ShellInstruction>("SHELL [\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]").Shell);

    [Fact]
    public void Healthcheck_none_disables_the_inherited_check() =>
        Assert.Equal(["NONE"], Df.Only<HealthcheckInstruction>("HEALTHCHECK NONE").Healthcheck.Test);

    [Fact]
    public void Healthcheck_cmd_in_shell_form_is_cmd_shell_with_its_options()
    {
        var check = Df.Only<HealthcheckInstruction>(
            "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1.5s --start-interval=2s --retries=5 CMD curl -f http://localhost/ || exit 1").Healthcheck;
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], check.Test);
        Assert.Equal((TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2), 5),
            (check.Interval, check.Timeout, check.StartPeriod, check.StartInterval, check.Retries));
    }

    [Fact]
    public void Healthcheck_cmd_in_exec_form_and_defaults()
    {
        var check = Df.Only<HealthcheckInstruction>("healthcheck cmd [\"/bin/check\", \"--quick\"]").Healthcheck;
        Assert.Equal(["CMD", "/bin/check", "--quick"], check.Test);
        Assert.Equal((TimeSpan.Zero, 0), (check.Interval, check.Retries));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1ns", 1L)]
    [InlineData("1us", 1_000L)]
    [InlineData("1\u00b5s", 1_000L)]
    [InlineData("2ms", 2_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1h2m3s", 3_723_000_000_000L)]
    [InlineData("-1m", -60_000_000_000L)]
    [InlineData("+2h", 7_200_000_000_000L)]
    public void Go_durations_are_parsed(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.Parse(text));

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("1.2.3s", "time: invalid duration \"1.2.3s\"")]
    [InlineData("99999999999h", "time: invalid duration \"99999999999h\"")]
    public void Malformed_go_durations_are_rejected(string text, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<FormatException>(() => GoDuration.Parse(text)).Message);
}
