// Go's time.ParseDuration, which HEALTHCHECK's --interval and friends are read with: "30s", "1m30s", "1.5h",
// "500ms", "0"; units ns, us (µs, μs), ms, s, m, h; an optional sign. Other spellings are errors.
using System.Globalization;

namespace Berth.Build;

internal static class GoDuration
{
    static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1_000), ("\u00b5s", 1_000), ("\u03bcs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ];

    /// <summary>The duration in nanoseconds.</summary>
    public static long Parse(string text)
    {
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
            return 0;
        if (s.Length == 0)
            throw Invalid(text);
        decimal total = 0;
        while (s.Length > 0)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
                digits++;
            var number = s[..digits];
            if (number.Count(c => c == '.') > 1 || number.Replace(".", "").Length == 0)
                throw Invalid(text);
            s = s[digits..];
            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
                unitLength++;
            if (unitLength == 0)
                throw new SyntaxError($"time: missing unit in duration {GoText.Quote(text)}");
            var unit = s[..unitLength];
            s = s[unitLength..];
            var scale = Units.FirstOrDefault(u => u.Unit == unit).Nanoseconds;
            if (scale == 0)
                throw new SyntaxError($"time: unknown unit {GoText.Quote(unit)} in duration {GoText.Quote(text)}");
            try
            {
                var value = decimal.Parse(number.StartsWith('.') ? "0" + number : number.TrimEnd('.'), CultureInfo.InvariantCulture);
                total += decimal.Truncate(value * scale);
            }
            catch (OverflowException)
            {
                throw Invalid(text);
            }
            if (total > long.MaxValue)
                throw Invalid(text);
        }
        return (long)(negative ? -total : total);
    }

    static SyntaxError Invalid(string text) => new($"time: invalid duration {GoText.Quote(text)}");
}
