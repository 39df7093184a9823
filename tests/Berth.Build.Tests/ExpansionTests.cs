// Which instructions the builder substitutes variables in (ADD, ARG, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL,
// USER, VOLUME, WORKDIR, RUN --mount) and which it leaves alone, plus global ARGs and errors at the instruction.
namespace Berth.Build.Tests;

public class ExpansionTests
{
    static readonly Expander Vars = Df.Expander(("V", "x"), ("DIR", "/srv"), ("SIG", "SIGINT"), ("U", "app"), ("P", "8080"));

    [Fact]
    public void Instructions_on_buildkits_list_are_expanded()
    {
        var stage = Df.Parse("""
            FROM img:$V AS s
            ENV $V=$V
            LABEL $V=$V
            ADD $V $DIR/
            COPY $V $DIR/
            EXPOSE $P/udp
            STOPSIGNAL $SIG
            USER $U
            VOLUME $DIR/data
            WORKDIR $DIR
            ARG A=$V
            RUN --mount=type=cache,target=$DIR true
            """).Stages[0];
        var expanded = stage.Instructions.Select(Vars.Expand).ToList();
        Assert.Equal("img:x", Vars.Expand(stage.From).BaseImage);
        Assert.Equal(new KeyValue("x", "x"), ((EnvInstruction)expanded[0]).Variables[0]);
        Assert.Equal(new KeyValue("x", "x"), ((LabelInstruction)expanded[1]).Labels[0]);
        Assert.Equal(("x", "/srv/"), (((AddInstruction)expanded[2]).Sources[0], ((AddInstruction)expanded[2]).Destination));
        Assert.Equal(("x", "/srv/"), (((CopyInstruction)expanded[3]).Sources[0], ((CopyInstruction)expanded[3]).Destination));
        Assert.Equal("8080/udp", ((ExposeInstruction)expanded[4]).Ports[0]);
        Assert.Equal("SIGINT", ((StopSignalInstruction)expanded[5]).Signal);
        Assert.Equal("app", ((UserInstruction)expanded[6]).User);
        Assert.Equal("/srv/data", ((VolumeInstruction)expanded[7]).Volumes[0]);
        Assert.Equal("/srv", ((WorkdirInstruction)expanded[8]).Path);
        Assert.Equal("x", ((ArgInstruction)expanded[9]).Args[0].DefaultValue);
        Assert.Equal("/srv", ((RunInstruction)expanded[10]).Mounts[0].Target);
    }

    [Fact]
    public void Commands_are_left_for_the_shell_and_the_image()
    {
        var instructions = Df.Parse("""
            FROM scratch
            RUN echo $V
            CMD echo $V
            ENTRYPOINT ["echo", "$V"]
            SHELL ["/bin/$V", "-c"]
            HEALTHCHECK CMD check $V
            MAINTAINER $V
            ONBUILD RUN echo $V
            """).Stages[0].Instructions;
        foreach (var instruction in instructions)
            Assert.Same(instruction, instruction.Expand(Vars));
    }

    [Fact]
    public void Expand_keeps_the_location_and_source()
    {
        var user = Df.Only<UserInstruction>("USER $U");
        var expanded = Vars.Expand(user);
        Assert.Equal((user.Location, "USER $U"), (expanded.Location, expanded.Source));
    }

    [Theory]
    [InlineData("USER ${NAME:?set NAME}", "Dockerfile:2:1: failed to process \"${NAME:?set NAME}\": NAME: set NAME")]
    [InlineData("WORKDIR \"/unclosed", "Dockerfile:2:1: failed to process \"\\\"/unclosed\": unexpected end of statement while looking for matching double-quote")]
    [InlineData("STOPSIGNAL SIGFOO", "Dockerfile:2:1: invalid signal: SIGFOO (use a name such as SIGTERM, or a number)")]
    [InlineData("STOPSIGNAL 0", "Dockerfile:2:1: invalid signal: 0 (use a name such as SIGTERM, or a number)")]
    [InlineData("EXPOSE 80/http", "Dockerfile:2:1: invalid proto: http (use tcp, udp or sctp)")]
    [InlineData("EXPOSE 70000", "Dockerfile:2:1: invalid containerPort: 70000 (a port is a number from 0 to 65535)")]
    [InlineData("EXPOSE 90-80", "Dockerfile:2:1: invalid range specified for container port: 90-80 (the end is below the start)")]
    [InlineData("EXPOSE $NOPE", "Dockerfile:2:1: invalid containerPort: $NOPE (a port is a number from 0 to 65535)")]
    [InlineData("COPY --chmod=0999 a b", "Dockerfile:2:1: invalid chmod parameter: '0999'. it should be octal string and between 0 and 07777")]
    [InlineData("COPY --chmod=u+q a b", "Dockerfile:2:1: invalid chmod parameter: 'u+q'. it should be octal string and between 0 and 07777")]
    [InlineData("COPY --chmod=64a a b", "Dockerfile:2:1: invalid chmod parameter: '64a'. it should be octal string and between 0 and 07777")]
    [InlineData("ADD --chmod=17777 a b", "Dockerfile:2:1: invalid chmod parameter: '17777'. it should be octal string and between 0 and 07777")]
    [InlineData("ADD --checksum=md5:abc https://x/y /y", "Dockerfile:2:1: invalid checksum digest format \"md5:abc\": an http(s) source is checked with sha256: and 64 lowercase hex digits")]
    [InlineData("ADD --checksum=sha256:abc https://x/y.git /y", "Dockerfile:2:1: invalid checksum \"sha256:abc\" for a Git source: give the full commit hash")]
    [InlineData("ADD --checksum=abc app.tar /y", "Dockerfile:2:1: --checksum applies to an http(s) URL or a Git repository, not to the path \"app.tar\"")]
    [InlineData("ADD --checksum=abc https://x/a https://x/b /y/", "Dockerfile:2:1: --checksum needs exactly one source: an http(s) URL or a Git repository")]
    [InlineData("RUN --mount=type=$T,target=/x true", "Dockerfile:2:1: unsupported mount type \"bogus\"")]
    public void Expansion_errors_name_the_instruction(string line, string message)
    {
        var instruction = Assert.Single(Df.Parse("FROM scratch\n" + line).Stages[0].Instructions);
        var expander = Df.Expander(("T", "bogus"), ("NOPE", "$NOPE"));
        Assert.Equal(message, Assert.Throws<DockerfileException>(() => instruction.Expand(expander)).Message);
    }

    [Theory]
    [InlineData("0755")]
    [InlineData("755")]
    [InlineData("07777")]
    [InlineData("u+x")]
    [InlineData("go-w")]
    [InlineData("a=rX,u+w")]
    [InlineData("ug=rwx,o=")]
    [InlineData("u+s,g=u")]
    public void Chmod_takes_octal_up_to_07777_or_a_symbolic_mode(string mode) =>
        Assert.Equal(mode, Df.Expander().Expand(Df.Only<CopyInstruction>($"COPY --chmod={mode} a b")).Chmod);

    [Fact]
    public void Arg_names_are_never_expanded_and_defaults_see_earlier_args_on_the_line()
    {
        var arg = Df.Expander(("A", "outer")).Expand(Df.Only<ArgInstruction>("ARG $A=x A=1 B=$A"));
        Assert.Equal([new BuildArg("$A", "x"), new BuildArg("A", "1"), new BuildArg("B", "1")], arg.Args);
    }

    [Fact]
    public void Arg_values_come_from_build_args_then_defaults_then_global_args()
    {
        var arg = Df.Only<ArgInstruction>("ARG FROM_BUILD=default FROM_DEFAULT=$FROM_BUILD-d GLOBAL UNSET CHECKED=${NEEDED:?}");
        var values = arg.Resolve(Df.Expander(),
            new Dictionary<string, string> { ["FROM_BUILD"] = "given $NOT_EXPANDED", ["CHECKED"] = "skips the default" },
            new Dictionary<string, string> { ["GLOBAL"] = "g" });
        Assert.Equal(["FROM_BUILD=given $NOT_EXPANDED", "FROM_DEFAULT=given $NOT_EXPANDED-d", "GLOBAL=g", "CHECKED=skips the default"],
            values.Select(v => $"{v.Key}={v.Value}"));
        Assert.Equal("Dockerfile:2:1: failed to process \"${NEEDED:?}\": NEEDED: is not allowed to be unset",
            Assert.Throws<DockerfileException>(() => arg.Resolve(Df.Expander(), new Dictionary<string, string>(), new Dictionary<string, string>())).Message);
    }

    [Fact]
    public void From_with_a_blank_base_after_expansion_is_rejected() =>
        Assert.Equal("Dockerfile:1:1: base name (${BASE}) should not be blank: give the ARG it uses a default or pass --build-arg",
            Assert.Throws<DockerfileException>(() => Df.Expander().Expand(Df.Parse("FROM ${BASE}").Stages[0].From)).Message);

    [Fact]
    public void Global_args_take_build_args_then_defaults_in_order_and_see_predefined_values()
    {
        var dockerfile = Df.Parse("""
            ARG REGISTRY=docker.io
            ARG IMAGE=$REGISTRY/library/golang VERSION=1.22 TAG=${VERSION}-alpine
            ARG UNSET
            ARG TARGETPLATFORM
            FROM --platform=$TARGETPLATFORM $IMAGE:$TAG
            """);
        var values = dockerfile.ResolveGlobalArgs(
            new Dictionary<string, string> { ["VERSION"] = "1.23", ["UNDECLARED"] = "x" },
            new Dictionary<string, string> { ["TARGETPLATFORM"] = "linux/arm64" });
        Assert.Equal("docker.io/library/golang", values["IMAGE"]);
        Assert.Equal(("1.23", "1.23-alpine", "linux/arm64"), (values["VERSION"], values["TAG"], values["TARGETPLATFORM"]));
        Assert.False(values.ContainsKey("UNSET"));
        Assert.False(values.ContainsKey("UNDECLARED"));
        var from = new Expander('\\', values).Expand(dockerfile.Stages[0].From);
        Assert.Equal(("docker.io/library/golang:1.23-alpine", "linux/arm64"), (from.BaseImage, from.Platform));
    }

    [Fact]
    public void Global_arg_errors_name_the_arg() =>
        Assert.Equal("Dockerfile:2:1: failed to process \"${A:?}\": A: is not allowed to be unset",
            Assert.Throws<DockerfileException>(() => Df.Parse("ARG A\nARG B=${A:?}\nFROM x\n").ResolveGlobalArgs()).Message);

    [Fact]
    public void Expansion_uses_the_dockerfiles_escape_token()
    {
        var dockerfile = Df.Parse("# escape=`\nFROM scratch\nWORKDIR C:\\$V\\`$V\n");
        var expanded = new Expander(dockerfile.Directives.EscapeToken, Df.Vars(("V", "x"))).Expand(dockerfile.Stages[0].Instructions[0]);
        Assert.Equal("C:\\x\\$V", ((WorkdirInstruction)expanded).Path);
    }
}
