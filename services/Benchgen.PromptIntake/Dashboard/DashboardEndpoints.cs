using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Benchgen.Hosting.Storage;
using Benchgen.Persistence;
using Benchgen.PromptIntake.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using static Benchgen.PromptIntake.Dashboard.Html;

namespace Benchgen.PromptIntake.Dashboard;

/// <summary>
/// The server-rendered dashboard: sessions (<c>/</c>), a batch (<c>/batches/{id}</c>), a benchmark (<c>/benchmarks/{id}</c>)
/// and its artifacts streamed from the artifact store. Pages are plain HTML built here with every user string
/// HTML-encoded; one small inline script per page does the live updates (polling <c>/api/sessions</c>) and the review
/// buttons (calling the curation API). Nothing is loaded from outside the host.
/// </summary>
public static class DashboardEndpoints
{
    public const int ViewCount = 24;
    const int SessionRows = 200;

    /// <summary>The artifacts a benchmark page links to, by the only names <c>/benchmarks/{id}/files/{name}</c> answers.</summary>
    public static readonly IReadOnlyDictionary<string, (bool Source, Func<string, string> Key, string ContentType)> Files =
        new Dictionary<string, (bool, Func<string, string>, string)>(StringComparer.Ordinal)
        {
            ["script.py"] = (true, ArtifactKeys.Script, "text/x-python; charset=utf-8"),
            ["model.xml"] = (false, ArtifactKeys.Model, "application/xml"),
            ["benchmark.json"] = (false, ArtifactKeys.Definition, "application/json"),
            ["validation.json"] = (false, ArtifactKeys.Validation, "application/json"),
            ["contact-sheet.png"] = (false, ArtifactKeys.ContactSheet, "image/png"),
            ["previews.zip"] = (false, ArtifactKeys.Previews, "application/zip"),
            ["animation.gif"] = (false, ArtifactKeys.Animation, "image/gif"),
        };

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", SessionsPageAsync).ExcludeFromDescription();
        app.MapGet("/dashboard/sessions", SessionRowsPageDataAsync).ExcludeFromDescription();
        app.MapGet("/batches/{batchId:guid}", BatchPageAsync).ExcludeFromDescription();
        app.MapGet("/sessions/{sessionId:guid}", SessionPageAsync).ExcludeFromDescription();
        app.MapGet("/benchmarks/{benchmarkId}", BenchmarkPageAsync).ExcludeFromDescription();
        app.MapGet("/benchmarks/{benchmarkId}/files/{name}", FileAsync).ExcludeFromDescription();
        app.MapGet("/benchmarks/{benchmarkId}/views/{n:int}.png", ViewAsync).ExcludeFromDescription();
        return app;
    }

    static IResult Page(string title, string body, string? script = null) =>
        Results.Content(Html.Page(title, body, script), "text/html; charset=utf-8");

    static IResult NotFoundPage(string what) =>
        Results.Content(Html.Page("Not found", $"<p>{E(what)}</p>"), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    // ---- sessions -------------------------------------------------------------------------------------------------

    /// <summary>
    /// The sessions table's filters: state and batch (the saga store's own), family (the scenario family Generation
    /// reported) and tier (the stored benchmark's suite tier once promoted, else its task's tier). A session matches a
    /// family or tier filter only once it has one: a session still planning has neither.
    /// </summary>
    public sealed record SessionFilter(string? State, Guid? Batch, string? Family, int? Tier)
    {
        public bool Narrowed => Family is not null || Tier is not null;

        public static SessionFilter From(HttpRequest request) => new(
            request.Query["state"].FirstOrDefault() is { Length: > 0 } s ? s : null,
            Guid.TryParse(request.Query["batch"].FirstOrDefault(), out var b) ? b : null,
            request.Query["family"].FirstOrDefault() is { Length: > 0 } f ? f.Trim() : null,
            int.TryParse(request.Query["tier"].FirstOrDefault(), out var t) ? t : null);
    }

    /// <summary>One row of the sessions table, as the page renders it and as the live refresh reads it.</summary>
    public sealed record SessionRow(Guid SessionId, string State, string Stage, int Attempt, DateTime SubmittedAt, DateTime UpdatedAt,
        string Prompt, string? BenchmarkId, Guid? BatchId, string? Family, int? Tier);

    /// <summary>The newest sessions matching <paramref name="filter"/> (at most the table's 200 rows).</summary>
    public static async Task<IReadOnlyList<SessionRow>> SessionRowsAsync(ISessionQueries sessions, IAssetCatalogue catalogue, SessionFilter filter,
        CancellationToken ct)
    {
        // Family and tier are not the saga store's indexes: read further back and filter here.
        var found = await sessions.ListAsync(filter.State, filter.Batch, filter.Narrowed ? 10 * SessionRows : SessionRows, ct);
        var rows = new List<SessionRow>();
        foreach (var x in found)
        {
            if (filter.Family is not null && !string.Equals(x.Family, filter.Family, StringComparison.OrdinalIgnoreCase)) continue;
            int? tier = null;
            if (x.BenchmarkId is { } id && await catalogue.FindAsync(id, ct) is { } asset)
                tier = asset.Tier ?? Persistence.Curation.Curator.TaskTier(asset.DefinitionJson);
            if (filter.Tier is not null && tier != filter.Tier) continue;
            rows.Add(new SessionRow(x.CorrelationId, x.CurrentState, x.Stage, x.Attempt, x.SubmittedAt, x.UpdatedAt, x.Prompt, x.BenchmarkId, x.BatchId,
                x.Family, tier));
            if (rows.Count == SessionRows) break;
        }

        return rows;
    }

    static async Task<IResult> SessionRowsPageDataAsync(HttpRequest request, ISessionQueries sessions, IAssetCatalogue catalogue, CancellationToken ct)
    {
        var filter = SessionFilter.From(request);
        if (filter.State is not null && !GenerationSessionStates.All.Contains(filter.State))
            return Results.Problem(detail: $"unknown state '{filter.State}'", statusCode: StatusCodes.Status400BadRequest, title: "Bad filter");
        return Results.Json(await SessionRowsAsync(sessions, catalogue, filter, ct));
    }

    static async Task<IResult> SessionsPageAsync(HttpRequest request, ISessionQueries sessions, IAssetCatalogue catalogue,
        IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var filter = SessionFilter.From(request);
        var (state, batch) = (filter.State, filter.Batch);
        var body = new StringBuilder();
        if (options.Value.SessionsNote is { Length: > 0 } note)
        {
            body.Append("<p class=\"note\" id=\"sessions-note\">").Append(E(note)).Append("</p>");
        }

        body.Append("<form method=\"get\" id=\"filters\">State <select name=\"state\"><option value=\"\">any</option>");
        foreach (var name in GenerationSessionStates.All)
        {
            body.Append("<option").Append(name == state ? " selected" : "").Append('>').Append(E(name)).Append("</option>");
        }

        body.Append("</select> Batch <input name=\"batch\" size=\"38\" value=\"").Append(Attr(batch?.ToString()))
            .Append("\"> Family <input name=\"family\" size=\"12\" value=\"").Append(Attr(filter.Family))
            .Append("\"> Tier <select name=\"tier\"><option value=\"\">any</option>");
        for (var t = Persistence.Curation.Curator.MinTier; t <= Persistence.Curation.Curator.MaxTier; t++)
        {
            body.Append("<option").Append(t == filter.Tier ? " selected" : "").Append('>').Append(t).Append("</option>");
        }

        body.Append("</select>");
        if (request.Query["review"].FirstOrDefault() is { Length: > 0 } keptReview)
            body.Append("<input type=\"hidden\" name=\"review\" value=\"").Append(Attr(keptReview)).Append("\">");
        body.Append(" <button>Filter</button>");
        if (batch is not null) body.Append(" <a href=\"/batches/").Append(batch).Append("\">batch page</a>");
        body.Append("</form>");

        IReadOnlyList<SessionRow> found = [];
        if (state is not null && !GenerationSessionStates.All.Contains(state))
        {
            body.Append("<p class=\"bad\">unknown state ").Append(E(state)).Append("</p>");
        }
        else
        {
            found = await SessionRowsAsync(sessions, catalogue, filter, ct);
        }

        body.Append("<table id=\"sessions\"><thead><tr><th>Session</th><th>State</th><th>Stage</th><th>Attempt</th><th>Age</th><th>Prompt</th><th>Family</th><th>Tier</th><th>Benchmark</th><th>Batch</th></tr></thead><tbody id=\"sessions-body\">");
        var now = DateTime.UtcNow;
        foreach (var x in found)
        {
            body.Append("<tr data-session=\"").Append(x.SessionId).Append("\"><td><a href=\"/sessions/").Append(x.SessionId).Append("\">")
                .Append(x.SessionId).Append("</a></td><td class=\"state\">")
                .Append(E(x.State)).Append("</td><td>").Append(E(x.Stage)).Append("</td><td>").Append(x.Attempt).Append("</td><td>")
                .Append(Age(now - x.SubmittedAt)).Append("</td><td class=\"prompt\">").Append(E(x.Prompt)).Append("</td><td class=\"family\">")
                .Append(E(x.Family)).Append("</td><td class=\"tier\">").Append(x.Tier).Append("</td><td>");
            if (x.BenchmarkId is { } id) body.Append("<a href=\"/benchmarks/").Append(Seg(id)).Append("\">").Append(E(id)).Append("</a>");
            body.Append("</td><td>");
            if (x.BatchId is { } bid) body.Append("<a href=\"/batches/").Append(bid).Append("\">").Append(bid).Append("</a>");
            body.Append("</td></tr>");
        }

        body.Append("</tbody></table><p>Live: the table refreshes every 2 s (last <span id=\"updated\">at load</span>).</p>");
        await AppendBenchmarksAsync(body, request, catalogue, ct);
        return Page("Sessions", body.ToString(), SessionsScript);
    }

    static async Task AppendBenchmarksAsync(StringBuilder body, HttpRequest request, IAssetCatalogue catalogue, CancellationToken ct)
    {
        string? review = request.Query["review"].FirstOrDefault() is { Length: > 0 } r && ReviewStates.All.Contains(r) ? r : null;
        string? family = request.Query["family"].FirstOrDefault() is { Length: > 0 } f ? f : null;
        int? tier = int.TryParse(request.Query["tier"].FirstOrDefault(), out var t) ? t : null;
        var list = await catalogue.QueryAsync(new CatalogueQuery(review, tier, family, Limit: SessionRows), ct);
        body.Append("<h2 id=\"benchmarks\">Benchmarks</h2><form method=\"get\">Review state <select name=\"review\"><option value=\"\">any</option>");
        foreach (var name in ReviewStates.All)
        {
            body.Append("<option").Append(name == review ? " selected" : "").Append('>').Append(E(name)).Append("</option>");
        }

        // Family and tier are the page's: they filter the sessions table above too; this form keeps its state and batch.
        body.Append("</select> Family <input name=\"family\" value=\"").Append(Attr(family)).Append("\"> Tier <input name=\"tier\" size=\"3\" value=\"")
            .Append(tier).Append("\">");
        foreach (var kept in new[] { "state", "batch" })
        {
            if (request.Query[kept].FirstOrDefault() is { Length: > 0 } value)
                body.Append("<input type=\"hidden\" name=\"").Append(kept).Append("\" value=\"").Append(Attr(value)).Append("\">");
        }

        body.Append(" <button>Filter</button></form>")
            .Append("<table id=\"benchmark-list\"><thead><tr><th>Benchmark</th><th>Review</th><th>Tier</th><th>Family</th><th>Difficulty</th><th>Prompt</th><th>Created</th></tr></thead><tbody>");
        foreach (var a in list)
        {
            body.Append("<tr><td><a href=\"/benchmarks/").Append(Seg(a.BenchmarkId)).Append("\">").Append(E(a.BenchmarkId)).Append("</a></td><td>")
                .Append(E(a.ReviewState)).Append("</td><td>").Append(a.Tier).Append("</td><td>").Append(E(a.Family)).Append("</td><td>")
                .Append(Num(a.Difficulty)).Append("</td><td class=\"prompt\">").Append(E(a.Prompt)).Append("</td><td>").Append(E(a.CreatedAt.ToString("u"))).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
    }

    // Builds rows with textContent only: no server or user text is ever parsed as HTML.
    const string SessionsScript = """
        (function(){
          const q=new URLSearchParams(location.search), api=new URLSearchParams();
          for(const k of ['state','batch','family','tier']) if(q.get(k)) api.set(k,q.get(k));
          function age(t){const s=Math.max(0,(Date.now()-Date.parse(t))/1000);return s<90?Math.floor(s)+'s':s<5400?Math.floor(s/60)+'m':s<172800?Math.floor(s/3600)+'h':Math.floor(s/86400)+'d';}
          function cell(tr,text,href,cls){const td=document.createElement('td');if(cls)td.className=cls;
            if(href){const a=document.createElement('a');a.href=href;a.textContent=text;td.append(a);}else td.textContent=text;tr.append(td);}
          function row(s){const tr=document.createElement('tr');tr.dataset.session=s.sessionId;
            cell(tr,s.sessionId,'/sessions/'+encodeURIComponent(s.sessionId));cell(tr,s.state,null,'state');cell(tr,s.stage);cell(tr,String(s.attempt));cell(tr,age(s.submittedAt||s.updatedAt));
            cell(tr,s.prompt,null,'prompt');cell(tr,s.family||'',null,'family');cell(tr,s.tier==null?'':String(s.tier),null,'tier');
            cell(tr,s.benchmarkId||'',s.benchmarkId?'/benchmarks/'+encodeURIComponent(s.benchmarkId):null);
            cell(tr,s.batchId||'',s.batchId?'/batches/'+encodeURIComponent(s.batchId):null);return tr;}
          async function refresh(){try{const r=await fetch('/dashboard/sessions?'+api,{cache:'no-store'});if(!r.ok)return;
            const list=await r.json();document.getElementById('sessions-body').replaceChildren(...list.map(row));
            document.getElementById('updated').textContent=new Date().toISOString();}catch(e){}}
          setInterval(refresh,2000);
        })();
        """;

    // ---- batch ----------------------------------------------------------------------------------------------------

    /// <summary>Counts by state, throughput (accepted per minute since the first submission) and an ETA for the rest.</summary>
    public sealed record BatchStats(int Total, IReadOnlyDictionary<string, int> ByState, DateTime? FirstSubmitted, double? AcceptedPerMinute, TimeSpan? Eta)
    {
        public int Finished => ByState.Where(kv => GenerationSessionStates.Finished.Contains(kv.Key)).Sum(kv => kv.Value);
    }

    public static BatchStats Stats(IReadOnlyList<GenerationSession> sessions, DateTime now)
    {
        var byState = GenerationSessionStates.All.ToDictionary(s => s, s => sessions.Count(x => x.CurrentState == s));
        DateTime? first = sessions.Count == 0 ? null : sessions.Min(x => x.SubmittedAt);
        double? rate = null;
        TimeSpan? eta = null;
        var accepted = byState[GenerationSessionStates.Accepted];
        if (first is { } f && (now - f).TotalMinutes > 0 && accepted > 0)
        {
            rate = accepted / (now - f).TotalMinutes;
            var finished = (now - f).TotalMinutes / sessions.Count(x => GenerationSessionStates.Finished.Contains(x.CurrentState));
            var remaining = sessions.Count(x => !GenerationSessionStates.Finished.Contains(x.CurrentState));
            // The rest at the pace sessions have been finishing (accepted or not).
            eta = TimeSpan.FromMinutes(remaining * finished);
        }

        return new BatchStats(sessions.Count, byState, first, rate, eta);
    }

    static async Task<IResult> BatchPageAsync(Guid batchId, ISessionQueries sessions, CancellationToken ct)
    {
        var found = await sessions.ListAsync(null, batchId, 10_000, ct);
        if (found.Count == 0)
        {
            return NotFoundPage($"no sessions of batch {batchId}");
        }

        var stats = Stats(found, DateTime.UtcNow);
        var body = new StringBuilder();
        body.Append("<table id=\"batch-counts\"><thead><tr><th>State</th><th>Sessions</th></tr></thead><tbody>");
        foreach (var (state, count) in stats.ByState)
        {
            body.Append("<tr data-state=\"").Append(E(state)).Append("\"><td>").Append(E(state)).Append("</td><td class=\"count\">").Append(count).Append("</td></tr>");
        }

        body.Append("<tr data-state=\"total\"><td><b>Total</b></td><td class=\"count\">").Append(stats.Total).Append("</td></tr></tbody></table>")
            .Append("<p>First submission: <span id=\"first\">").Append(E(stats.FirstSubmitted?.ToString("u"))).Append("</span></p>")
            .Append("<p>Throughput: <span id=\"throughput\">")
            .Append(stats.AcceptedPerMinute is { } r ? Num(r, "0.00") + " accepted/min" : "none accepted yet").Append("</span></p>")
            .Append("<p>ETA: <span id=\"eta\">")
            .Append(stats.Finished == stats.Total ? "done" : stats.Eta is { } e ? Age(e) : "unknown (nothing finished yet)").Append("</span></p>")
            .Append("<p><a href=\"/?batch=").Append(batchId).Append("\">sessions of this batch</a></p>");
        return Page($"Batch {batchId}", body.ToString());
    }

    // ---- benchmark ------------------------------------------------------------------------------------------------

    static async Task<byte[]?> ReadAsync(IArtifactStore store, S3Options buckets, string benchmarkId, string name, CancellationToken ct)
    {
        var (source, key, _) = Files[name];
        try
        {
            return await store.GetAsync(source ? buckets.SourceBucket : buckets.AssetsBucket, key(benchmarkId), ct);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    static async Task<IResult> FileAsync(string benchmarkId, string name, IAssetCatalogue catalogue, IArtifactStore store,
        IOptions<S3Options> buckets, CancellationToken ct)
    {
        if (!Files.TryGetValue(name, out var file) || await catalogue.FindAsync(benchmarkId, ct) is null)
        {
            return Results.Problem(detail: $"no artifact {name} of benchmark {benchmarkId}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var bytes = await ReadAsync(store, buckets.Value, benchmarkId, name, ct);
        return bytes is null
            ? Results.Problem(detail: $"benchmark {benchmarkId} has no {name} in the artifact store", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : Results.File(bytes, file.ContentType, name is "contact-sheet.png" or "animation.gif" ? null : name);
    }

    static async Task<IResult> ViewAsync(string benchmarkId, int n, IAssetCatalogue catalogue, IArtifactStore store,
        IOptions<S3Options> buckets, CancellationToken ct)
    {
        var missing = Results.Problem(detail: $"no view {n} of benchmark {benchmarkId}", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        if (n is < 0 or >= ViewCount || await catalogue.FindAsync(benchmarkId, ct) is null
            || await ReadAsync(store, buckets.Value, benchmarkId, "previews.zip", ct) is not { } zip)
        {
            return missing;
        }

        var png = Entry(zip, $"view-{n:00}.png");
        return png is null ? missing : Results.File(png, "image/png");
    }

    /// <summary>One entry of a zip, or null when the archive is missing it or is not a zip.</summary>
    static byte[]? Entry(byte[] zip, string name)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            if (archive.GetEntry(name) is not { Length: <= 64 * 1024 * 1024 } entry) return null;
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    static JsonElement? Json(byte[]? bytes)
    {
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static JsonElement? Json(string text) => Json(Encoding.UTF8.GetBytes(text));

    static string? Prop(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    static async Task<IResult> BenchmarkPageAsync(string benchmarkId, IAssetCatalogue catalogue, IArtifactStore store, ISessionQueries sessions,
        IOptions<S3Options> buckets, IOptions<DashboardOptions> options, CancellationToken ct)
    {
        if (await catalogue.FindAsync(benchmarkId, ct) is not { } asset)
        {
            return NotFoundPage($"no benchmark {benchmarkId} in the catalogue");
        }

        var id = asset.BenchmarkId;
        var link = "/benchmarks/" + Seg(id);
        var body = new StringBuilder();
        body.Append("<p class=\"prompt\" id=\"prompt\">").Append(E(asset.Prompt)).Append("</p>")
            .Append("<p>Family <b>").Append(E(asset.Family)).Append("</b> · seed ").Append(asset.Seed).Append(" · difficulty ").Append(Num(asset.Difficulty))
            .Append(" · created ").Append(E(asset.CreatedAt.ToString("u"))).Append(" · session ").Append(asset.SessionId).Append("</p>");

        // Review state and actions.
        body.Append("<h2>Review</h2><p>State <span class=\"state\" id=\"review-state\">").Append(E(asset.ReviewState)).Append("</span>")
            .Append(asset.Tier is { } tier ? $" · tier <span id=\"review-tier\">{tier}</span>" : "").Append("</p>");
        if (asset.ReviewHistory.Count > 0)
        {
            body.Append("<table id=\"review-history\"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>From → to</th><th>Tier</th><th>Note</th></tr></thead><tbody>");
            foreach (var h in asset.ReviewHistory)
            {
                body.Append("<tr><td>").Append(E(h.At.ToString("u"))).Append("</td><td>").Append(E(h.By)).Append("</td><td>").Append(E(h.Action))
                    .Append("</td><td>").Append(E(h.From)).Append(" → ").Append(E(h.To)).Append("</td><td>").Append(h.Tier).Append("</td><td class=\"prompt\">")
                    .Append(E(h.Note)).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        if (asset.ReviewState != ReviewStates.Declined)
        {
            body.Append("<div id=\"review\" data-id=\"").Append(Attr(id)).Append("\"><p>Curator <input id=\"curator\" placeholder=\"your name\"></p>")
                .Append("<p>Tier <select id=\"tier\">");
            for (var t = Persistence.Curation.Curator.MinTier; t <= Persistence.Curation.Curator.MaxTier; t++)
            {
                body.Append("<option").Append(t == (asset.Tier ?? Persistence.Curation.Curator.TaskTier(asset.DefinitionJson) ?? Persistence.Curation.Curator.MinTier) ? " selected" : "").Append('>').Append(t).Append("</option>");
            }

            body.Append("</select> <button id=\"promote\">Promote</button></p>")
                .Append("<p>Note <input id=\"note\" size=\"50\"> <button id=\"decline\">Decline</button></p><p id=\"review-result\"></p></div>");
        }

        // Pictures: the reference solution's animation (when the benchmark has one), then the contact sheet.
        body.Append("<h2>Reference solution</h2>");
        if (asset.AnimationUrl is { Length: > 0 })
        {
            body.Append("<img class=\"animation\" id=\"animation\" alt=\"the reference solution, replayed on the canonical seed\" src=\"")
                .Append(link).Append("/files/animation.gif\">");
        }
        else
        {
            body.Append("<p id=\"no-animation\">This benchmark was stored without an animation of its reference solution.</p>");
        }

        body.Append("<h2>Contact sheet</h2><img class=\"sheet\" id=\"contact-sheet\" alt=\"contact sheet\" src=\"").Append(link).Append("/files/contact-sheet.png\">");
        var zip = await ReadAsync(store, buckets.Value, id, "previews.zip", ct);
        var cameras = zip is null ? null : Json(Entry(zip, "cameras.json"));
        var names = new Dictionary<string, string>();
        if (cameras is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("views", out var views) && views.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in views.EnumerateArray())
            {
                if (Prop(v, "file") is { } file && Prop(v, "name") is { } name) names[file] = name;
            }
        }

        body.Append("<h2>Views</h2><div class=\"gallery\" id=\"gallery\">");
        for (var n = 0; n < ViewCount; n++)
        {
            var file = $"view-{n:00}.png";
            var label = names.TryGetValue(file, out var l) ? $"{n:00} {l}" : $"{n:00}";
            body.Append("<figure><img alt=\"view ").Append(n).Append("\" src=\"").Append(link).Append("/views/").Append(n).Append(".png\"><figcaption>")
                .Append(E(label)).Append("</figcaption></figure>");
        }

        body.Append("</div>");

        // The task: goal and other predicates from benchmark.json's task.
        var definition = Json(asset.DefinitionJson);
        body.Append("<h2>Task</h2>");
        if (definition is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("task", out var task) && task.ValueKind == JsonValueKind.Object)
        {
            body.Append("<dl id=\"task\">");
            foreach (var p in task.EnumerateObject())
            {
                body.Append("<dt>").Append(E(p.Name)).Append("</dt><dd>");
                if (p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().Any(i => Prop(i, "predicate") is not null))
                {
                    body.Append("<ul class=\"predicates\">");
                    foreach (var item in p.Value.EnumerateArray()) body.Append("<li><code>").Append(E(Predicate(item))).Append("</code></li>");
                    body.Append("</ul>");
                }
                else
                {
                    body.Append("<code>").Append(E(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())).Append("</code>");
                }

                body.Append("</dd>");
            }

            body.Append("</dl>");
        }
        else
        {
            body.Append("<p>The definition names no task.</p>");
        }

        // Validation per seed × scale, difficulty terms.
        var validation = Json(await ReadAsync(store, buckets.Value, id, "validation.json", ct));
        body.Append("<h2>Validation</h2><p>").Append(E(asset.ValidationSummary)).Append("</p>");
        if (validation is { ValueKind: JsonValueKind.Object } report && report.TryGetProperty("runs", out var runs) && runs.ValueKind == JsonValueKind.Array)
        {
            body.Append("<table id=\"validation\"><thead><tr><th>Seed</th><th>Scale</th><th>Role</th><th>Passed</th><th>Checks</th></tr></thead><tbody>");
            foreach (var run in runs.EnumerateArray())
            {
                var passed = Prop(run, "passed") == "true";
                body.Append("<tr><td>").Append(E(Prop(run, "seed"))).Append("</td><td>").Append(E(Prop(run, "scale"))).Append("</td><td>").Append(E(Prop(run, "role")))
                    .Append("</td><td class=\"").Append(passed ? "ok" : "bad").Append("\">").Append(passed ? "yes" : "no").Append("</td><td>");
                if (run.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array)
                {
                    foreach (var check in checks.EnumerateArray())
                    {
                        body.Append("<div class=\"").Append(Prop(check, "passed") == "true" ? "ok" : "bad").Append("\">").Append(E(Prop(check, "name"))).Append(": ")
                            .Append(E(Prop(check, "detail"))).Append("</div>");
                    }
                }

                body.Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }
        else
        {
            body.Append("<p>No validation report per run (validation.json missing or unreadable).</p>");
        }

        var terms = definition is { ValueKind: JsonValueKind.Object } dd && dd.TryGetProperty("difficulty_terms", out var dt) && dt.ValueKind == JsonValueKind.Object ? dt
            : validation is { ValueKind: JsonValueKind.Object } vr && vr.TryGetProperty("difficultyTerms", out var vt) && vt.ValueKind == JsonValueKind.Object ? vt
            : (JsonElement?)null;
        body.Append("<h2>Difficulty ").Append(Num(asset.Difficulty)).Append("</h2>");
        if (terms is { } termsObject)
        {
            body.Append("<table id=\"difficulty\"><tbody>");
            foreach (var p in termsObject.EnumerateObject())
            {
                body.Append("<tr><th>").Append(E(p.Name)).Append("</th><td>").Append(E(p.Value.GetRawText())).Append("</td></tr>");
            }

            body.Append("</tbody></table>");
        }
        else
        {
            body.Append("<p>No difficulty terms recorded.</p>");
        }

        // The session's checkpoint timeline.
        body.Append("<h2>Session timeline</h2>");
        if (await sessions.FindAsync(asset.SessionId, ct) is { } session)
        {
            AppendTimeline(body, session);
        }
        else
        {
            body.Append("<p class=\"note\">Session ").Append(asset.SessionId).Append(" is not in the session store")
                .Append(options.Value.SessionsNote is { Length: > 0 } note ? ": " + E(note) : ".").Append("</p>");
        }

        // The script and downloads.
        var script = await ReadAsync(store, buckets.Value, id, "script.py", ct);
        body.Append("<h2>Script</h2>").Append(script is null ? "<p>The script is missing from the artifact store.</p>"
            : "<pre id=\"script\">" + E(Encoding.UTF8.GetString(script)) + "</pre>");
        body.Append("<h2>Downloads</h2><ul id=\"downloads\">");
        foreach (var name in Files.Keys)
        {
            if (name == "animation.gif" && asset.AnimationUrl is not { Length: > 0 }) continue;
            body.Append("<li><a href=\"").Append(link).Append("/files/").Append(E(name)).Append("\">").Append(E(name)).Append("</a></li>");
        }

        body.Append("</ul>");
        return Page($"Benchmark {id}", body.ToString(), ReviewScript);
    }

    static void AppendTimeline(StringBuilder body, GenerationSession session)
    {
        body.Append("<p>State ").Append(E(session.CurrentState)).Append(", submitted ").Append(E(session.SubmittedAt.ToString("u"))).Append("</p>")
            .Append("<table id=\"timeline\"><thead><tr><th>At</th><th>Stage ended</th><th>Attempt</th><th>Duration</th><th>Outcome</th><th>Message</th></tr></thead><tbody>");
        foreach (var cp in session.Checkpoints)
        {
            body.Append("<tr><td>").Append(E(cp.At.ToString("u"))).Append("</td><td>").Append(E(cp.Stage)).Append("</td><td>").Append(cp.Attempt)
                .Append("</td><td>").Append(Num(cp.StageSeconds, "0.0")).Append(" s</td><td>").Append(E(cp.Outcome)).Append("</td><td class=\"prompt\">").Append(E(cp.Message)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
    }

    /// <summary>Any session, accepted or not: its state, failure reason, timeline and (when accepted) a link to its benchmark.</summary>
    static async Task<IResult> SessionPageAsync(Guid sessionId, ISessionQueries sessions, CancellationToken ct)
    {
        if (await sessions.FindAsync(sessionId, ct) is not { } session)
        {
            return NotFoundPage($"no session {sessionId}");
        }

        var body = new StringBuilder();
        body.Append("<p class=\"prompt\" id=\"prompt\">").Append(E(session.Prompt)).Append("</p><p>Stage ").Append(E(session.Stage))
            .Append(" · attempt ").Append(session.Attempt).Append(" of ").Append(session.MaxAttempts);
        if (session.BatchId is { } batch) body.Append(" · batch <a href=\"/batches/").Append(batch).Append("\">").Append(batch).Append("</a>");
        body.Append("</p>");
        if (session.FailureReason is { Length: > 0 } reason) body.Append("<p class=\"bad\" id=\"failure\">").Append(E(reason)).Append("</p>");
        if (session.BenchmarkId is { } id) body.Append("<p>Benchmark <a id=\"benchmark-link\" href=\"/benchmarks/").Append(Seg(id)).Append("\">").Append(E(id)).Append("</a></p>");
        body.Append("<h2>Timeline</h2>");
        AppendTimeline(body, session);
        return Page($"Session {sessionId}", body.ToString());
    }

    static string Predicate(JsonElement item)
    {
        var name = Prop(item, "predicate") ?? "?";
        var args = item.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())
            : [];
        var negated = Prop(item, "negate") == "true" || Prop(item, "not") == "true";
        return (negated ? "not " : "") + name + "(" + string.Join(", ", args) + ")";
    }

    // Posts to the curation API; answers are shown with textContent, and a success reloads the page.
    const string ReviewScript = """
        (function(){
          const box=document.getElementById('review');if(!box)return;
          const id=box.dataset.id, out=document.getElementById('review-result');
          async function send(action,body){out.textContent='…';
            try{const r=await fetch('/api/benchmarks/'+encodeURIComponent(id)+'/'+action,{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)});
              if(r.ok){location.reload();return;}
              const p=await r.json().catch(()=>({}));out.textContent=(p.title||r.status)+': '+(p.detail||'');out.className='bad';}
            catch(e){out.textContent=String(e);out.className='bad';}}
          const by=()=>document.getElementById('curator').value;
          document.getElementById('promote').addEventListener('click',()=>send('promote',{tier:Number(document.getElementById('tier').value),by:by()}));
          document.getElementById('decline').addEventListener('click',()=>send('decline',{note:document.getElementById('note').value,by:by()}));
        })();
        """;
}
