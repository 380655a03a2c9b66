namespace DotGym.Envs.ToyText;

/// <summary>Terminal colours for <c>ansi</c> renders, written exactly as Gymnasium's <c>utils.colorize</c>.</summary>
public enum AnsiColor
{
    Gray = 30,
    Red = 31,
    Green = 32,
    Yellow = 33,
    Blue = 34,
    Magenta = 35,
    Cyan = 36,
    White = 37,
    Crimson = 38,
}

/// <summary>ANSI escape helpers shared by the text renders.</summary>
public static class Ansi
{
    /// <summary>
    /// Wraps <paramref name="text"/> in an escape sequence: <c>ESC[{code}m…ESC[0m</c> where the code is the colour
    /// (+10 for a highlighted background) followed by <c>;1</c> when bold — Gymnasium's <c>colorize</c>.
    /// </summary>
    public static string Colorize(string text, AnsiColor color, bool bold = false, bool highlight = false)
    {
        int code = (int)color + (highlight ? 10 : 0);
        string attributes = bold ? $"{code};1" : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"\u001b[{attributes}m{text}\u001b[0m";
    }
}
