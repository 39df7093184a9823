// One pass of ShellLex over one word: a hand-written scanner that follows BuildKit's shellWord step by step, because
// the corner cases (which escapes count inside double quotes, what ${A:} means) are defined by that code.
using System.Text;

namespace Berth.Build;

internal sealed class ShellWord(ShellLex lex, string source, Func<string, string?> lookup)
{
    const int Eof = -1;

    int position;
    bool rawEscapes;

    public (string Result, List<string> Words) Process()
    {
        try
        {
            return ProcessStopOn(Eof, lex.RawEscapes);
        }
        catch (SyntaxError e)
        {
            throw new ShellExpansionException(source, e.Message);
        }
    }

    int Peek() => position < source.Length ? source[position] : Eof;

    int Next() => position < source.Length ? source[position++] : Eof;

    (string Result, List<string> Words) ProcessStopOn(int stopChar, bool raw)
    {
        var saved = rawEscapes;
        rawEscapes = raw;
        try
        {
            var result = new StringBuilder();
            var words = new WordSplitter();
            while (Peek() != Eof)
            {
                var ch = Peek();
                if (stopChar != Eof && ch == stopChar)
                {
                    Next();
                    return (result.ToString(), words.Finish());
                }
                if (ch == '$' || (!lex.SkipProcessQuotes && ch is '\'' or '"'))
                {
                    var text = ch switch { '$' => ProcessDollar(), '\'' => ProcessSingleQuote(), _ => ProcessDoubleQuote() };
                    result.Append(text);
                    if (ch == '$')
                        words.AddString(text);
                    else
                        words.AddRawString(text);
                    continue;
                }
                ch = Next();
                if (ch == lex.EscapeToken)
                {
                    if (rawEscapes)
                    {
                        words.AddRawChar((char)ch);
                        result.Append((char)ch);
                    }
                    ch = Next();
                    if (ch == Eof)
                        break;
                    words.AddRawChar((char)ch);
                }
                else
                    words.AddChar((char)ch);
                result.Append((char)ch);
            }
            if (stopChar != Eof)
                throw new SyntaxError($"unexpected end of statement while looking for matching {(char)stopChar}");
            return (result.ToString(), words.Finish());
        }
        finally
        {
            rawEscapes = saved;
        }
    }

    // Everything up to the next ' is literal; a single quote cannot be escaped inside single quotes.
    string ProcessSingleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (lex.RawQuotes)
            result.Append((char)ch);
        while (true)
        {
            ch = Next();
            if (ch == Eof)
                throw new SyntaxError("unexpected end of statement while looking for matching single-quote");
            if (ch == '\'')
            {
                if (lex.RawQuotes)
                    result.Append((char)ch);
                return result.ToString();
            }
            result.Append((char)ch);
        }
    }

    // Like sh: inside double quotes only $ is special, and the escape token escapes only ", $ and itself.
    string ProcessDoubleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (lex.RawQuotes)
            result.Append((char)ch);
        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new SyntaxError("unexpected end of statement while looking for matching double-quote");
                case '"':
                    ch = Next();
                    if (lex.RawQuotes)
                        result.Append((char)ch);
                    return result.ToString();
                case '$':
                    result.Append(ProcessDollar());
                    break;
                default:
                    ch = Next();
                    if (ch == lex.EscapeToken)
                    {
                        if (rawEscapes)
                            result.Append((char)ch);
                        var next = Peek();
                        if (next == Eof)
                            continue;
                        if (next == '"' || next == '$' || next == lex.EscapeToken)
                            ch = Next();
                    }
                    result.Append((char)ch);
                    break;
            }
        }
    }

    string ProcessDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var bare = ProcessName();
            if (bare.Length == 0)
                return "$";
            return lookup(bare) ?? (lex.SkipUnsetEnv ? "$" + bare : "");
        }
        Next();
        if (Peek() == Eof)
            throw new SyntaxError("syntax error: missing '}'");
        if (Peek() is '{' or '}' or ':')
            throw new SyntaxError("syntax error: bad substitution");
        var name = ProcessName();
        var ch = Next();
        if (ch == Eof)
            throw new SyntaxError("syntax error: missing '}'");
        var modifier = ((char)ch).ToString();
        switch (ch)
        {
            case '}':
                return lookup(name) ?? (lex.SkipUnsetEnv ? $"${{{name}}}" : "");
            case '/':
                return Substitute(name);
            case ':' or '+' or '-' or '?' or '#' or '%':
                var nullIsUnset = ch == ':';
                if (nullIsUnset)
                {
                    ch = Next();
                    modifier += ch == Eof ? "" : ((char)ch).ToString();
                }
                return Modify(name, ch, modifier, nullIsUnset);
            default:
                throw new SyntaxError($"unsupported modifier ({modifier}) in substitution");
        }
    }

    // ${NAME-word}, ${NAME:-word}, ${NAME+word}, ${NAME?word}, ${NAME#pattern}, ${NAME%pattern} and the colon forms,
    // where the colon makes an empty value count as unset.
    string Modify(string name, int op, string modifier, bool nullIsUnset)
    {
        var isPattern = op is '#' or '%';
        if (nullIsUnset && isPattern)
            throw new SyntaxError($"unsupported modifier ({modifier}) in substitution");
        string word;
        try
        {
            word = ProcessStopOn('}', isPattern).Result;
        }
        catch (SyntaxError) when (Peek() == Eof)
        {
            throw new SyntaxError("syntax error: missing '}'");
        }
        var value = lookup(name);
        if (value is null && lex.SkipUnsetEnv)
            return $"${{{name}{modifier}{word}}}";
        var unset = value is null || (nullIsUnset && value.Length == 0);
        switch (op)
        {
            case '-':
                return unset ? word : value!;
            case '+':
                return unset ? "" : word;
            case '?':
                if (value is null)
                    throw new SyntaxError($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                if (unset)
                    throw new SyntaxError($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                return value;
            case '#' or '%':
                var greedy = word.Length > 0 && word[0] == op;
                var pattern = greedy ? word[1..] : word;
                return op == '%'
                    ? ShellPattern.TrimSuffix(pattern, value ?? "", greedy)
                    : ShellPattern.TrimPrefix(pattern, value ?? "", greedy);
            default:
                throw new SyntaxError($"unsupported modifier ({modifier}) in substitution");
        }
    }

    // ${NAME/pattern/replacement} replaces the first match, ${NAME//pattern/replacement} every match.
    string Substitute(string name)
    {
        var all = Peek() == '/';
        if (all)
            Next();
        string pattern, replacement;
        try
        {
            pattern = ProcessStopOn('/', true).Result;
        }
        catch (SyntaxError) when (Peek() == Eof)
        {
            throw new SyntaxError("syntax error: missing '/' in ${}");
        }
        try
        {
            replacement = ProcessStopOn('}', true).Result;
        }
        catch (SyntaxError) when (Peek() == Eof)
        {
            throw new SyntaxError("syntax error: missing '}'");
        }
        var value = lookup(name);
        if (value is null && lex.SkipUnsetEnv)
            return $"${{{name}/{pattern}/{replacement}}}";
        return ShellPattern.Replace(value ?? "", pattern, replacement, all);
    }

    // A name is letters, digits and _; a leading digit run is a positional parameter and one of @*#?-$!0 is special.
    string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != Eof)
        {
            var ch = (char)Peek();
            if (name.Length == 0 && char.IsDigit(ch))
            {
                while (Peek() != Eof && char.IsDigit((char)Peek()))
                    name.Append((char)Next());
                return name.ToString();
            }
            if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
            {
                Next();
                return ch.ToString();
            }
            if (!char.IsLetter(ch) && !char.IsDigit(ch) && ch != '_')
                break;
            name.Append((char)Next());
        }
        return name.ToString();
    }
}
