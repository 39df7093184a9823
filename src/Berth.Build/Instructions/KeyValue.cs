// One KEY=value of ENV or LABEL, in order. Before expansion both sides are as written, quotes included
// (LABEL "my label"="a b"); expansion removes the quotes and substitutes variables.
namespace Berth.Build;

public sealed record KeyValue(string Key, string Value)
{
    internal static IReadOnlyList<KeyValue> Pairs(InstructionRequest request)
    {
        request.Flags();
        var args = request.Args;
        request.RequireAtLeastOne();
        if (args.Count % 2 != 0)
            throw request.Error($"Bad input to {request.Keyword}, too many arguments");
        var pairs = new List<KeyValue>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i].Length == 0)
                throw request.ErrorAtArgs($"{request.Keyword} names can not be blank: write NAME=value");
            pairs.Add(new KeyValue(args[i], args[i + 1]));
        }
        return pairs;
    }

    internal KeyValue Expand(Expander expander) => new(expander.Word(Key), expander.Word(Value));
}
