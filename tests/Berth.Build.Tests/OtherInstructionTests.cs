// EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL, ONBUILD and MAINTAINER: what each keeps from its line, and what
// expansion and parsing of ports, signals and triggers make of it.
namespace Berth.Build.Tests;

public class OtherInstructionTests
{
    [Fact]
    public void Expose_keeps_ports_and_parses_protocols_and_ranges()
    {
        var expose = Df.Only<ExposeInstruction>("EXPOSE 80 443/tcp 53/UDP 8000-8010/sctp");
        Assert.Equal(["443/tcp", "53/UDP", "80", "8000-8010/sctp"], expose.Ports);
        Assert.Equal(["443/tcp", "53/udp", "80/tcp", "8000-8010/sctp"], expose.ExposedPorts().Select(p => p.ToString()));
        Assert.Equal(new ExposedPort(8000, 8010, "sctp"), expose.ExposedPorts()[3]);
    }

    [Fact]
    public void Expose_ignores_a_host_part_as_docker_does() =>
        Assert.Equal(new ExposedPort(80, 80, "tcp"), ExposedPort.Parse("127.0.0.1:8080:80"));

    [Fact]
    public void Expose_splits_a_variable_into_several_ports()
    {
        var expose = Df.Expander(("PORTS", "8080 9090/udp")).Expand(Df.Only<ExposeInstruction>("EXPOSE $PORTS 22"));
        Assert.Equal(["8080", "9090/udp", "22"], expose.Ports);
    }

    [Fact]
    public void Volume_in_word_and_json_form()
    {
        Assert.Equal(["/data", "/logs"], Df.Only<VolumeInstruction>("VOLUME /data /logs").Volumes);
        Assert.Equal(["/var/lib/my data"], Df.Only<VolumeInstruction>("VOLUME [\"/var/lib/my data\"]").Volumes);
    }

    [Fact]
    public void User_and_workdir_take_the_whole_rest_of_the_line()
    {
        Assert.Equal("1000:1000", Df.Only<UserInstruction>("USER 1000:1000").User);
        Assert.Equal("/my app", Df.Only<WorkdirInstruction>("WORKDIR /my app").Path);
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("sigkill")]
    [InlineData("QUIT")]
    [InlineData("9")]
    [InlineData("SIGRTMIN+3")]
    public void Stopsignal_accepts_names_with_or_without_sig_and_numbers(string signal) =>
        Assert.Equal(signal, Df.Expander().Expand(Df.Only<StopSignalInstruction>($"STOPSIGNAL {signal}")).Signal);

    [Fact]
    public void Onbuild_wraps_a_parsed_trigger_and_keeps_its_text()
    {
        var onbuild = Df.Only<OnbuildInstruction>("ONBUILD COPY --chown=app . /app/src");
        var copy = Assert.IsType<CopyInstruction>(onbuild.Trigger);
        Assert.Equal(("app", "/app/src"), (copy.Chown, copy.Destination));
        Assert.Equal("COPY --chown=app . /app/src", onbuild.Expression);
        Assert.Equal((2, 1, 9), (copy.Location.Line, onbuild.Location.Column, copy.Location.Column));
    }

    [Fact]
    public void Onbuild_triggers_are_not_expanded_now() =>
        Assert.Equal("$DIR", Assert.IsType<WorkdirInstruction>(Df.Expander(("DIR", "/x")).Expand(Df.Only<OnbuildInstruction>("ONBUILD WORKDIR $DIR")).Trigger).Path);

    [Fact]
    public void Onbuild_run_with_a_heredoc_stores_the_body_in_its_expression()
    {
        var onbuild = Df.Only<OnbuildInstruction>("ONBUILD RUN <<EOF\necho triggered\nEOF");
        Assert.Equal("RUN <<EOF\necho triggered\nEOF", onbuild.Expression);
        Assert.Equal("echo triggered\n", Assert.Single(Assert.IsType<RunInstruction>(onbuild.Trigger).Heredocs).Content);
    }

    [Fact]
    public void Maintainer_is_accepted_with_a_deprecation_warning()
    {
        var dockerfile = Df.Parse("FROM scratch\nMAINTAINER Jane Doe <jane@example.com>\n");
        Assert.Equal("Jane Doe <jane@example.com>", Assert.IsType<MaintainerInstruction>(dockerfile.Stages[0].Instructions[0]).Maintainer);
        Assert.Contains("MAINTAINER is deprecated", Assert.Single(dockerfile.Warnings).Message);
    }
}
