using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Benchgen.PromptIntake.Dashboard;

/// <summary>
/// HTML building for the dashboard. Every piece of text that is not a literal of this assembly goes through
/// <see cref="E"/> (or <see cref="Attr"/>), so prompts, notes and file contents render as text.
/// </summary>
public static class Html
{
    /// <summary>HTML-encodes text for element content or a quoted attribute.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string E(object? value) => E(Convert.ToString(value, CultureInfo.InvariantCulture));

    /// <summary>A URL path segment, percent-encoded then HTML-encoded.</summary>
    public static string Seg(string? text) => E(Uri.EscapeDataString(text ?? ""));

    public static string Attr(string? text) => E(text);

    public static string Num(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Age(TimeSpan age) => age.TotalSeconds < 0 ? "0s"
        : age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds}s"
        : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes}m"
        : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
        : $"{(int)age.TotalDays}d";

    const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#1f2937;color:#fff;padding:.6rem 1rem}header a{color:#fff;margin-right:1rem;text-decoration:none}
        main{padding:1rem;max-width:1200px}table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border:1px solid #d7dbe0;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
        th{background:#eef0f3}.note{background:#fff7d6;border:1px solid #e8d48a;padding:.5rem;margin:.5rem 0}
        .prompt{white-space:pre-wrap;word-break:break-word}pre{background:#fff;border:1px solid #d7dbe0;padding:.5rem;overflow:auto;max-height:30rem}
        .gallery{display:grid;grid-template-columns:repeat(6,1fr);gap:4px}.gallery figure{margin:0}.gallery img{width:100%;display:block}
        .gallery figcaption{font-size:.75rem;color:#555}.ok{color:#116329}.bad{color:#b42318}img.sheet{max-width:100%}img.animation{width:480px;max-width:100%;image-rendering:auto}
        form.inline{display:inline-block;margin-right:1rem}.state{font-weight:600}
        """;

    /// <summary>A whole page: the title is encoded here; <paramref name="body"/> must already be built from encoded pieces.</summary>
    public static string Page(string title, string body, string? script = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(title)).Append(" · Benchgen</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><a href=\"/\"><b>Benchgen</b></a><a href=\"/\">Sessions</a><a href=\"/#benchmarks\">Benchmarks</a></header><main>")
            .Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main>");
        if (script is not null)
        {
            html.Append("<script>").Append(script).Append("</script>");
        }

        return html.Append("</body></html>").ToString();
    }
}
