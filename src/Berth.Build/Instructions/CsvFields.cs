// Splits one line of comma-separated fields the way Go's encoding/csv reads a record, which is how BuildKit reads
// a --mount value: fields may be double-quoted to hold commas, and "" inside quotes is one quote.
using System.Text;

namespace Berth.Build;

internal static class CsvFields
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new SyntaxError($"extraneous or missing \" in quoted-field in {GoText.Quote(line)}");
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (line[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                        field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',')
                    throw new SyntaxError($"extraneous or missing \" in quoted-field in {GoText.Quote(line)}");
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    if (line[i] == '"')
                        throw new SyntaxError($"bare \" in non-quoted-field in {GoText.Quote(line)}");
                    field.Append(line[i++]);
                }
            }
            fields.Add(field.ToString());
            field.Clear();
            if (i >= line.Length)
                return fields;
            i++;
        }
    }
}
