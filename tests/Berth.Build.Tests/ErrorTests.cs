// Every way a Dockerfile is rejected, with the exact "file:line:col: reason" it fails with: the line and column
// of the keyword, flag or argument at fault, BuildKit's wording, and what to write instead where that helps.
namespace Berth.Build.Tests;

public class ErrorTests
{
    public static TheoryData<string, string> Errors => new()
    {
        // Instructions
        { "FROM a\nFOOBAR x\n", "Dockerfile:2:1: unknown instruction: FOOBAR (if this line continues the one above, end that line with \\)" },
        { "FROM a\nRUNN x\n", "Dockerfile:2:1: unknown instruction: RUNN (did you mean RUN?)" },
        { "FROM a\n\tcopyy a b\n", "Dockerfile:2:2: unknown instruction: COPYY (did you mean COPY?)" },
        { "FROM a\nRUN apt-get update &&\n    apt-get install -y git\n", "Dockerfile:3:5: unknown instruction: APT-GET (if this line continues the one above, end that line with \\)" },
        { "# escape=`\nFROM a\nRUN a &&\n    b\n", "Dockerfile:4:5: unknown instruction: B (if this line continues the one above, end that line with `)" },
        { "BOGUS x\n", "Dockerfile:1:1: unknown instruction: BOGUS" },
        { "ENV A=1\nFROM a\n", "Dockerfile:1:1: no build stage in current context: ENV must come after a FROM (only ARG may come before the first FROM)" },
        { "ARG A\nARG B=1\n", "Dockerfile:1:1: dockerfile contains no stages to build: add a FROM instruction after the ARGs" },
        { "", "Dockerfile:1:1: the Dockerfile cannot be empty: it needs at least a FROM" },
        { "\n", "Dockerfile:1:1: file with no instructions: a Dockerfile needs at least a FROM" },
        { "# only\n\n", "Dockerfile:2:1: file with no instructions: a Dockerfile needs at least a FROM" },

        // Flags
        { "FROM a\nCOPY --chwon=1 a b\n", "Dockerfile:2:6: unknown flag: --chwon (did you mean --chown?)" },
        { "FROM a\nCOPY --zzz a b\n", "Dockerfile:2:6: unknown flag: --zzz (COPY accepts --from, --chown, --chmod, --link, --parents, --exclude)" },
        { "FROM a\nUSER --uid=1 app\n", "Dockerfile:2:6: unknown flag: --uid (USER takes no flags)" },
        { "FROM a\nCOPY --from=a --from=b x y\n", "Dockerfile:2:15: duplicate flag specified: --from" },
        { "FROM a\nCOPY --from a b\n", "Dockerfile:2:6: missing a value on flag: --from" },
        { "FROM a\nCOPY --link= a b\n", "Dockerfile:2:6: missing a value on flag: --link" },
        { "FROM a\nCOPY --link=yes a b\n", "Dockerfile:2:6: expecting boolean value for flag --link, not: yes" },
        { "FROM a\nCOPY \\\n  --chwon=x a b\n", "Dockerfile:3:3: unknown flag: --chwon (did you mean --chown?)" },
        { "FROM --plattform=linux/amd64 a\n", "Dockerfile:1:6: unknown flag: --plattform (did you mean --platform?)" },

        // FROM
        { "FROM a b\n", "Dockerfile:1:1: FROM requires either one or three arguments: FROM IMAGE [AS NAME]" },
        { "FROM\n", "Dockerfile:1:1: FROM requires either one or three arguments: FROM IMAGE [AS NAME]" },
        { "FROM a AS 1st\n", "Dockerfile:1:6: invalid name for build stage: \"1st\", name can't start with a number or contain symbols" },
        { "FROM a AS my/stage\n", "Dockerfile:1:6: invalid name for build stage: \"my/stage\", name can't start with a number or contain symbols" },

        // Arguments
        { "FROM a\nCMD [\"a\", 1]\n", "Dockerfile:2:5: when using JSON array syntax, arrays must be comprised of strings only" },
        { "FROM a\nCOPY [\"a\", [\"b\"]]\n", "Dockerfile:2:6: when using JSON array syntax, arrays must be comprised of strings only" },
        { "FROM a\nENV K\n", "Dockerfile:2:5: ENV must have two arguments: write ENV K=value" },
        { "FROM a\nENV A=1 B\n", "Dockerfile:2:5: Syntax error - can't find = in \"B\". Must be of the form: name=value" },
        { "FROM a\nENV =x\n", "Dockerfile:2:5: ENV names can not be blank: write NAME=value" },
        { "FROM a\nLABEL\n", "Dockerfile:2:1: LABEL requires at least one argument" },
        { "FROM a\nARG\n", "Dockerfile:2:1: ARG requires at least one argument" },
        { "FROM a\nARG =x\n", "Dockerfile:2:5: ARG names can not be blank: write ARG NAME=default" },
        { "FROM a\nCOPY x\n", "Dockerfile:2:1: COPY requires at least two arguments, but only one was provided. Destination could not be determined: write COPY SOURCE... DESTINATION" },
        { "FROM a\nADD\n", "Dockerfile:2:1: ADD requires at least two arguments, but none were provided. Destination could not be determined: write ADD SOURCE... DESTINATION" },
        { "FROM a\nCOPY --from=$STAGE x y\n", "Dockerfile:2:6: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround" },
        { "FROM a\nCOPY --from=\\\"b\\\" x y\n", "Dockerfile:2:6: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround" },
        { "# check=skip=all;errors=true\nFROM a\n", "Dockerfile:1:1: invalid check option \"errors\" (use skip=RULE,..., error=true or experimental=RULE,...)" },
        { "# check=error=maybe\nFROM a\n", "Dockerfile:1:1: failed to parse check option \"error=maybe\": error takes true or false" },
        { "FROM a\nCOPY x <<EOF\nEOF\n", "Dockerfile:2:6: COPY cannot accept a heredoc as a destination" },
        { "FROM a\nUSER\n", "Dockerfile:2:1: USER requires exactly one argument" },
        { "FROM a\nWORKDIR\n", "Dockerfile:2:1: WORKDIR requires exactly one argument" },
        { "FROM a\nSTOPSIGNAL\n", "Dockerfile:2:1: STOPSIGNAL requires exactly one argument" },
        { "FROM a\nMAINTAINER\n", "Dockerfile:2:1: MAINTAINER requires exactly one argument" },
        { "FROM a\nEXPOSE\n", "Dockerfile:2:1: EXPOSE requires at least one argument" },
        { "FROM a\nVOLUME []\n", "Dockerfile:2:1: VOLUME requires at least one argument" },
        { "FROM a\nVOLUME [\"\"]\n", "Dockerfile:2:8: VOLUME specified can not be an empty string" },
        { "FROM a\nSHELL /bin/bash -c\n", "Dockerfile:2:1: SHELL requires the arguments to be in JSON form: SHELL [\"/bin/bash\", \"-c\"]" },
        { "FROM a\nSHELL []\n", "Dockerfile:2:1: SHELL requires at least one argument" },

        // HEALTHCHECK
        { "FROM a\nHEALTHCHECK\n", "Dockerfile:2:1: HEALTHCHECK requires at least one argument" },
        { "FROM a\nHEALTHCHECK NONE x\n", "Dockerfile:2:1: HEALTHCHECK NONE takes no arguments" },
        { "FROM a\nHEALTHCHECK --interval=5s NONE\n", "Dockerfile:2:13: HEALTHCHECK NONE takes no flags: they only apply to HEALTHCHECK CMD" },
        { "FROM a\nSTOPSIGNAL --now SIGTERM\n", "Dockerfile:2:12: unknown flag: --now (STOPSIGNAL takes no flags)" },
        { "FROM a\nHEALTHCHECK CMD\n", "Dockerfile:2:1: Missing command after HEALTHCHECK CMD" },
        { "FROM a\nHEALTHCHECK RUN x\n", "Dockerfile:2:1: Unknown type \"RUN\" in HEALTHCHECK (try CMD)" },
        { "FROM a\nHEALTHCHECK --interval=5 CMD x\n", "Dockerfile:2:13: time: missing unit in duration \"5\" (write --interval=30s, 1m30s or 500ms)" },
        { "FROM a\nHEALTHCHECK --timeout=10us CMD x\n", "Dockerfile:2:13: Interval \"timeout\" cannot be less than 1ms (got 10us)" },
        { "FROM a\nHEALTHCHECK --retries=-1 CMD x\n", "Dockerfile:2:13: --retries cannot be negative (-1)" },
        { "FROM a\nHEALTHCHECK --retries=x CMD x\n", "Dockerfile:2:13: strconv.ParseInt: parsing \"x\": invalid syntax (--retries takes a whole number)" },
        { "FROM a\nHEALTHCHECK --intervall=5s CMD x\n", "Dockerfile:2:13: unknown flag: --intervall (did you mean --interval?)" },

        // ONBUILD
        { "FROM a\nONBUILD\n", "Dockerfile:2:1: ONBUILD requires at least one argument" },
        { "FROM a\nONBUILD ONBUILD RUN x\n", "Dockerfile:2:9: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed" },
        { "FROM a\nONBUILD FROM b\n", "Dockerfile:2:9: FROM isn't allowed as an ONBUILD trigger" },
        { "FROM a\nONBUILD MAINTAINER me\n", "Dockerfile:2:9: MAINTAINER isn't allowed as an ONBUILD trigger" },
        { "FROM a\nONBUILD RUNN x\n", "Dockerfile:2:9: unknown instruction: RUNN (did you mean RUN?)" },
        { "FROM a\nONBUILD COPY --form=x a b\n", "Dockerfile:2:14: unknown flag: --form (did you mean --from?)" },

        // RUN flags and mounts
        { "FROM a\nRUN --network=bridge x\n", "Dockerfile:2:5: invalid network mode \"bridge\" (use none, default or host)" },
        { "FROM a\nRUN --security=privileged x\n", "Dockerfile:2:5: invalid security mode \"privileged\" (use sandbox or insecure)" },
        { "FROM a\nRUN --mount=type=volume,target=/x x\n", "Dockerfile:2:5: unsupported mount type \"volume\"" },
        { "FROM a\nRUN --mount=type=cahce,target=/x x\n", "Dockerfile:2:5: unsupported mount type \"cahce\" (did you mean cache?)" },
        { "FROM a\nRUN --mount=target=/x,foo=bar x\n", "Dockerfile:2:5: unexpected key 'foo' in 'foo=bar' (did you mean from?)" },
        { "FROM a\nRUN --mount=target=/x,bogus=1 x\n", "Dockerfile:2:5: unexpected key 'bogus' in 'bogus=1'" },
        { "FROM a\nRUN --mount=tagret=/x x\n", "Dockerfile:2:5: unexpected key 'tagret' in 'tagret=/x' (did you mean target?)" },
        { "FROM a\nRUN --mount=type=cache,target\n", "Dockerfile:2:5: invalid field 'target' must be a key=value pair" },
        { "FROM a\nRUN --mount=type=bind,target=/x,sharing=locked x\n", "Dockerfile:2:5: invalid cache sharing set for bind mount (sharing applies to type=cache)" },
        { "FROM a\nRUN --mount=type=cache,target=/x,sharing=everyone x\n", "Dockerfile:2:5: unsupported sharing value \"everyone\" (use shared, private or locked)" },
        { "FROM a\nRUN --mount=type=bind,target=/x,mode=0755 x\n", "Dockerfile:2:5: mode not allowed for \"bind\" type mounts (only cache, secret and ssh mounts take mode)" },
        { "FROM a\nRUN --mount=type=cache,target=/x,uid=abc x\n", "Dockerfile:2:5: invalid value abc for uid" },
        { "FROM a\nRUN --mount=type=cache,target=/x,required x\n", "Dockerfile:2:5: unexpected key 'required' for mount type 'cache' (only secret and ssh mounts can be required)" },
        { "FROM a\nRUN --mount=type=bind,target=/x,size=1m x\n", "Dockerfile:2:5: size not allowed for \"bind\" type mounts (size applies to type=tmpfs)" },
        { "FROM a\nRUN --mount=type=bind,from=$STAGE,target=/x x\n", "Dockerfile:2:5: 'from' doesn't support variable expansion, define alias stage instead" },
        { "FROM a\nRUN --mount=type=secret,from=x,id=a x\n", "Dockerfile:2:5: secret mount should not have a from" },
        { "FROM a\nRUN --mount=type=secret x\n", "Dockerfile:2:5: invalid secret mount. one of source, target required: add id=NAME (and target= or env=)" },
        { "FROM a\nRUN --mount=type=secret,id=a,source=b x\n", "Dockerfile:2:5: both source and id can't be set" },
        { "FROM a\nRUN --mount= x\n", "Dockerfile:2:5: --mount needs a value such as type=cache,target=/root/.cache" },
        { "FROM a\nRUN --mount=target=a\\\"b x\n", "Dockerfile:2:5: failed to parse csv mounts: bare \" in non-quoted-field in \"target=a\\\"b\"" },
        { "FROM a\nRUN true\nRUN --mount=type=cache,target=/a --mount=type=nope x\n", "Dockerfile:3:34: unsupported mount type \"nope\"" },

        // Heredocs
        { "FROM a\nRUN <<EOF\necho hi\n", "Dockerfile:2:1: unterminated heredoc: end the EOF document with a line that holds only EOF" },
        { "FROM a\nRUN <<-END\n\techo\n  END\n", "Dockerfile:2:1: unterminated heredoc: end the END document with a line that holds only END" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Broken_dockerfiles_fail_at_the_exact_place_with_the_reason(string text, string message) =>
        Assert.Equal(message, Df.Error(text));

    [Fact]
    public void Lines_longer_than_buildkits_64k_scanner_buffer_are_rejected()
    {
        var longest = "FROM a\nRUN " + new string('x', 65531) + "\n";
        Assert.Single(Df.Parse(longest).Stages[0].Instructions);
        Assert.Equal("Dockerfile:2:1: dockerfile line greater than max allowed size of 65535: split it with continuation lines",
            Df.Error("FROM a\nRUN " + new string('x', 65532) + "\n"));
    }

    [Fact]
    public void The_exception_carries_file_line_column_and_reason_separately()
    {
        var error = Assert.Throws<DockerfileException>(() => Dockerfile.Parse("FROM a\nCOPY --chwon=1 a b\n", "svc/Dockerfile"));
        Assert.Equal(("svc/Dockerfile", 2, 6, "unknown flag: --chwon (did you mean --chown?)"), (error.File, error.Line, error.Column, error.Reason));
    }
}
