// ENV, LABEL and ARG: both ENV forms, several pairs per line, quotes kept until expansion, and ARG with and
// without defaults.
namespace Berth.Build.Tests;

public class KeyValueTests
{
    [Fact]
    public void Env_with_equals_takes_several_pairs_and_keeps_quotes_until_expansion()
    {
        var env = Df.Only<EnvInstruction>("ENV K=V K2=\"v 2\" K3='$x' K4=a\\ b");
        Assert.Equal([new KeyValue("K", "V"), new KeyValue("K2", "\"v 2\""), new KeyValue("K3", "'$x'"), new KeyValue("K4", "a\\ b")], env.Variables);
        var expanded = Df.Expander(("x", "no")).Expand(env);
        Assert.Equal(["V", "v 2", "$x", "a b"], expanded.Variables.Select(v => v.Value));
    }

    [Fact]
    public void Env_without_equals_takes_the_rest_of_the_line_as_the_value()
    {
        var env = Df.Only<EnvInstruction>("ENV PATH /usr/local/go/bin:$PATH  with spaces");
        Assert.Equal(new KeyValue("PATH", "/usr/local/go/bin:$PATH  with spaces"), Assert.Single(env.Variables));
        Assert.Equal("/usr/local/go/bin:/bin  with spaces", Df.Expander(("PATH", "/bin")).Expand(env).Variables[0].Value);
    }

    [Fact]
    public void Env_value_may_be_empty() =>
        Assert.Equal(new KeyValue("EMPTY", ""), Assert.Single(Df.Only<EnvInstruction>("ENV EMPTY=").Variables));

    [Fact]
    public void Env_pairs_see_the_values_from_before_the_instruction()
    {
        var env = Df.Only<EnvInstruction>("ENV A=new B=$A");
        Assert.Equal(["new", "old"], Df.Expander(("A", "old")).Expand(env).Variables.Select(v => v.Value));
    }

    [Fact]
    public void Label_takes_quoted_keys_and_values()
    {
        var label = Df.Only<LabelInstruction>("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 description=\"multi \\\n word\"");
        var expanded = Df.Expander().Expand(label);
        Assert.Equal(["com.example.vendor=ACME Inc", "version=1.0", "description=multi  word"],
            expanded.Labels.Select(l => $"{l.Key}={l.Value}"));
    }

    [Fact]
    public void Label_old_form_is_key_then_value() =>
        Assert.Equal(new KeyValue("maintainer", "me@example.com"), Assert.Single(Df.Only<LabelInstruction>("LABEL maintainer me@example.com").Labels));

    [Fact]
    public void Arg_with_and_without_defaults_several_per_line()
    {
        var arg = Df.Only<ArgInstruction>("ARG VERSION=1.0 DEBUG TARGETOS= QUOTED=\"a b\"");
        Assert.Equal([new BuildArg("VERSION", "1.0"), new BuildArg("DEBUG", null), new BuildArg("TARGETOS", ""), new BuildArg("QUOTED", "\"a b\"")], arg.Args);
        Assert.Equal("a b", Df.Expander().Expand(arg).Args[3].DefaultValue);
    }

    [Fact]
    public void Arg_defaults_are_expanded_but_an_arg_without_default_stays_unset()
    {
        var arg = Df.Expander(("BASE", "/opt")).Expand(Df.Only<ArgInstruction>("ARG DIR=$BASE/app OTHER"));
        Assert.Equal([new BuildArg("DIR", "/opt/app"), new BuildArg("OTHER", null)], arg.Args);
    }
}
