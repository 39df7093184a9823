// Collects the words ShellLex.ProcessWords returns. Text from a variable is split on white space, text the author
// quoted or escaped is not, and empty words (from "" or an empty variable) are dropped, as BuildKit does.
using System.Text;

namespace Berth.Build;

internal sealed class WordSplitter
{
    readonly StringBuilder word = new();
    readonly List<string> words = [];
    bool inWord;

    public void AddChar(char c)
    {
        if (!char.IsWhiteSpace(c))
            AddRawChar(c);
        else if (inWord && word.Length != 0)
        {
            words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
    }

    public void AddRawChar(char c)
    {
        word.Append(c);
        inWord = true;
    }

    public void AddString(string s)
    {
        foreach (var c in s)
            AddChar(c);
    }

    public void AddRawString(string s)
    {
        word.Append(s);
        inWord = true;
    }

    public List<string> Finish()
    {
        if (word.Length > 0)
            words.Add(word.ToString());
        word.Clear();
        inWord = false;
        return words;
    }
}
