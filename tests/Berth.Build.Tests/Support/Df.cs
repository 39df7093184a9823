// Shorthands for the parser tests: parse a Dockerfile, take the one instruction of a one-stage file, or get the
// exact "file:line:col: reason" a broken file fails with.
namespace Berth.Build.Tests;

internal static class Df
{
    public static Dockerfile Parse(string text) => Dockerfile.Parse(text);

    /// <summary>The single instruction after "FROM scratch", of the expected type.</summary>
    public static T Only<T>(string instruction) where T : Instruction =>
        Assert.IsType<T>(Assert.Single(Dockerfile.Parse("FROM scratch\n" + instruction).Stages[0].Instructions));

    public static string Error(string text) => Assert.Throws<DockerfileException>(() => Dockerfile.Parse(text)).Message;

    public static Func<string, string?> Vars(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).LastOrDefault();

    public static Expander Expander(params (string Name, string Value)[] variables) => new('\\', Vars(variables));
}
