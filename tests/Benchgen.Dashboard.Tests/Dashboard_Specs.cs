using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Benchgen.Persistence;
using Benchgen.PromptIntake.Apis;
using Benchgen.PromptIntake.Dashboard;
using Benchgen.PromptIntake.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Benchgen.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public class The_benchmark_page(DashboardFixture fx)
{
    [Fact]
    public async Task Should_show_every_picture_the_task_validation_timeline_and_script_and_save_a_screenshot()
    {
        var session = await fx.SubmitAsync("put the bowl on the plate");
        await fx.StoreAsync("bm-dash-page", "put the bowl on the plate", session);
        var page = await fx.NewPageAsync();

        var response = await page.GotoAsync("/benchmarks/bm-dash-page", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response!.Status);

        // Every image decoded: the contact sheet and all 24 views, at the sizes they were stored.
        var sheet = await page.EvaluateAsync<int[]>("() => { const i = document.getElementById('contact-sheet'); return [i.complete ? 1 : 0, i.naturalWidth, i.naturalHeight]; }");
        Assert.Equal([1, DashboardFixture.SheetWidth, DashboardFixture.SheetHeight], sheet);
        var views = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('#gallery img')].map(i => i.complete ? i.naturalWidth : -1)");
        Assert.Equal(24, views.Length);
        Assert.All(views, w => Assert.Equal(DashboardFixture.ViewWidth, w));
        Assert.Contains("23 az345", await page.InnerTextAsync("#gallery")); // the label from cameras.json

        Assert.Contains("on(bowl_1, plate_1)", await page.InnerTextAsync("#task"));
        Assert.Contains("touches(bowl_1, cup_1)", await page.InnerTextAsync("#task"));
        Assert.Equal(3, await page.Locator("#validation tbody tr").CountAsync());
        Assert.Contains("penetration: <b>0.02 m</b>", await page.InnerTextAsync("#validation")); // report text shown as text
        Assert.Contains("random_successes", await page.InnerTextAsync("#difficulty"));
        Assert.True(await page.Locator("#timeline tbody tr").CountAsync() >= 1);
        Assert.Contains("# <b>not bold</b>", await page.InnerTextAsync("#script"));
        Assert.Equal("staged", await page.InnerTextAsync("#review-state"));
        Assert.Equal(7, await page.Locator("#downloads a").CountAsync());

        // The reference solution's animation is on the page and decodes at its stored size.
        var animation = await page.EvaluateAsync<int[]>("() => { const i = document.getElementById('animation'); return [i.complete ? 1 : 0, i.naturalWidth, i.naturalHeight]; }");
        Assert.Equal([1, DashboardFixture.AnimationWidth, DashboardFixture.AnimationHeight], animation);
        var gif = await fx.Http.GetAsync("/benchmarks/bm-dash-page/files/animation.gif");
        Assert.Equal("image/gif", gif.Content.Headers.ContentType!.MediaType);
        Assert.Equal(DashboardFixture.AnimationFrames, Benchgen.Physics.Animation.Inspect(await gif.Content.ReadAsByteArrayAsync()).Frames);

        // A download link streams the stored bytes.
        var script = await fx.Http.GetStringAsync("/benchmarks/bm-dash-page/files/script.py");
        Assert.StartsWith("def build(seed, scale):", script);

        var path = Path.Combine(DashboardFixture.ResultsDirectory(), "benchmark-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Should_say_so_when_a_benchmark_has_no_animation_and_answer_404_for_it()
    {
        await fx.StoreAsync("bm-dash-still", "an older benchmark", Guid.NewGuid(), animation: false);
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/benchmarks/bm-dash-still");
        Assert.Equal(0, await page.Locator("#animation").CountAsync());
        Assert.Contains("without an animation", await page.InnerTextAsync("#no-animation"));
        Assert.Equal(6, await page.Locator("#downloads a").CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Http.GetAsync("/benchmarks/bm-dash-still/files/animation.gif")).StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Should_promote_with_the_chosen_tier_when_the_button_is_clicked()
    {
        await fx.StoreAsync("bm-dash-promote", "stack the blocks", Guid.NewGuid());
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/benchmarks/bm-dash-promote");
        await page.FillAsync("#curator", "ana");
        await page.SelectOptionAsync("#tier", "3");
        await page.ClickAsync("#promote");
        await Assertions.Expect(page.Locator("#review-state")).ToHaveTextAsync("promoted"); // the page reloads on success

        Assert.Equal("promoted", await page.InnerTextAsync("#review-state"));
        Assert.Equal("3", await page.InnerTextAsync("#review-tier"));
        Assert.Contains("ana", await page.InnerTextAsync("#review-history"));
        var record = (await fx.Site.Services.GetRequiredService<IAssetCatalogue>().FindAsync("bm-dash-promote", CancellationToken.None))!;
        Assert.Equal((ReviewStates.Promoted, (int?)3, "ana"), (record.ReviewState, record.Tier, record.ReviewHistory.Single().By));

        // A refused review (no note) is shown on the page and changes nothing.
        await page.FillAsync("#note", "");
        await page.ClickAsync("#decline");
        await page.Locator("#review-result.bad").WaitForAsync();
        Assert.Contains("Invalid", await page.InnerTextAsync("#review-result"));
        Assert.Equal(ReviewStates.Promoted, (await fx.Site.Services.GetRequiredService<IAssetCatalogue>().FindAsync("bm-dash-promote", CancellationToken.None))!.ReviewState);
        await page.Context.CloseAsync();
    }
}

[Collection(DashboardCollection.Name)]
public class Hostile_text(DashboardFixture fx)
{
    [Fact]
    public async Task Should_render_a_script_prompt_as_text_on_every_page()
    {
        var session = await fx.SubmitAsync(DashboardFixture.Hostile);
        await fx.StoreAsync("bm-dash-xss", DashboardFixture.Hostile, session);
        await fx.Site.Services.GetRequiredService<Benchgen.Persistence.Curation.Curator>()
            .PromoteAsync("bm-dash-xss", 1, "<img src=x onerror=alert(2)>", "<script>alert(3)</script>", CancellationToken.None);
        var page = await fx.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, d) => { dialogs.Add(d.Message); _ = d.DismissAsync(); };

        await page.GotoAsync("/benchmarks/bm-dash-xss");
        Assert.Equal(DashboardFixture.Hostile, await page.InnerTextAsync("#prompt"));
        Assert.Contains("<script>alert(3)</script>", await page.InnerTextAsync("#review-history"));
        Assert.Contains("<img src=x onerror=alert(2)>", await page.InnerTextAsync("#review-history"));
        Assert.Equal(0, await page.Locator("#prompt script, #review-history script, #review-history img").CountAsync());

        // The sessions page, as rendered and after the live refresh rebuilt the rows.
        await page.GotoAsync("/");
        var row = page.Locator($"tr[data-session='{session}'] td.prompt");
        Assert.Equal(DashboardFixture.Hostile, await row.InnerTextAsync());
        await page.WaitForFunctionAsync("() => document.getElementById('updated').textContent !== 'at load'");
        Assert.Equal(DashboardFixture.Hostile, await row.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#sessions-body script").CountAsync());
        Assert.Contains(DashboardFixture.Hostile, await page.InnerTextAsync("#benchmark-list"));

        Assert.Empty(dialogs);
        await page.Context.CloseAsync();
    }
}

[Collection(DashboardCollection.Name)]
public class The_sessions_page(DashboardFixture fx)
{
    [Fact]
    public async Task Should_show_a_session_submitted_after_it_loaded_without_a_reload()
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => { window.__loadedOnce = true; }");
        var prompt = "A stack of 4 blocks " + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, await page.GetByText(prompt).CountAsync());

        var id = await fx.SubmitAsync(prompt);

        var row = page.Locator($"tr[data-session='{id}']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains(prompt, await row.InnerTextAsync());
        Assert.Equal(GenerationSessionStates.Generating, await row.Locator("td.state").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__loadedOnce === true")); // the same document: no reload

        // The row links to the session's own page with its timeline.
        await page.ClickAsync($"tr[data-session='{id}'] td:first-child a");
        await Assertions.Expect(page.Locator("#prompt")).ToHaveTextAsync(prompt);
        Assert.Contains("submitted", await page.InnerTextAsync("#timeline"));
        Assert.Equal(404, (await page.GotoAsync($"/sessions/{Guid.NewGuid()}"))!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Should_filter_by_state_and_batch_from_the_query_string()
    {
        var response = await fx.Http.PostAsJsonAsync("/api/batches", new[] { "A stack of 2 blocks", "A stack of 3 blocks" });
        var batch = (await response.Content.ReadFromJsonAsync<SubmittedBatch>())!;
        var other = await fx.SubmitAsync("not in the batch");
        await DashboardFixture.Eventually(async () =>
            (await fx.Http.GetFromJsonAsync<JsonElement>($"/api/sessions?batchId={batch.BatchId}")).GetArrayLength() == 2);

        var page = await fx.NewPageAsync();
        await page.GotoAsync($"/?batch={batch.BatchId}");
        Assert.Equal(2, await page.Locator("#sessions-body tr").CountAsync());
        Assert.Equal(0, await page.Locator($"tr[data-session='{other}']").CountAsync());
        await page.WaitForFunctionAsync("() => document.getElementById('updated').textContent !== 'at load'");
        Assert.Equal(2, await page.Locator("#sessions-body tr").CountAsync()); // the live refresh keeps the filter

        await page.GotoAsync("/?state=Accepted");
        Assert.Equal(0, await page.Locator("#sessions-body tr").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Should_filter_by_family_and_tier_and_keep_the_filter_when_it_refreshes()
    {
        // Nothing generates on this host: give two sessions what Generation and Persistence would have (the in-memory
        // saga repository hands out the live instances), one of them with a stored benchmark of tier 2.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var stacked = await fx.SubmitAsync("A stack of 2 blocks " + tag);
        var drawer = await fx.SubmitAsync("open the drawer " + tag);
        var planning = await fx.SubmitAsync("still planning " + tag);
        using var scope = fx.Site.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ISessionQueries>();
        var family = "fam" + tag; // unique to this test: other tests' sessions share the host
        var a = (await queries.FindAsync(stacked, CancellationToken.None))!;
        a.Family = family;
        a.BenchmarkId = "bm-dash-filter-" + tag;
        await fx.StoreAsync(a.BenchmarkId, a.Prompt, stacked, animation: false); // its definition's task tier is 2
        (await queries.FindAsync(drawer, CancellationToken.None))!.Family = "drawer" + tag;

        var page = await fx.NewPageAsync();
        async Task<string[]> Rows() => (await page.Locator("#sessions-body tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.session)"));

        await page.GotoAsync($"/?family={family}");
        Assert.Equal([stacked.ToString()], await Rows());
        Assert.Equal("2", await page.InnerTextAsync($"tr[data-session='{stacked}'] td.tier"));
        Assert.Equal(family, await page.InputValueAsync("#filters input[name='family']"));
        await page.WaitForFunctionAsync("() => document.getElementById('updated').textContent !== 'at load'");
        Assert.Equal([stacked.ToString()], await Rows()); // the live refresh keeps the filter
        Assert.Equal(family, await page.InnerTextAsync($"tr[data-session='{stacked}'] td.family"));

        await page.GotoAsync($"/?family=drawer{tag}");
        Assert.Equal([drawer.ToString()], await Rows());
        await page.GotoAsync($"/?family=drawer{tag}&tier=2");
        Assert.Empty(await Rows());

        // Tier from the form: only sessions whose benchmark is of that tier, the planning one never.
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#filters select[name='tier']", "2");
        await page.ClickAsync("#filters button");
        await page.WaitForURLAsync("**tier=2**");
        var tiered = await Rows();
        Assert.Contains(stacked.ToString(), tiered);
        Assert.DoesNotContain(drawer.ToString(), tiered);
        Assert.DoesNotContain(planning.ToString(), tiered);
        await page.WaitForFunctionAsync("() => document.getElementById('updated').textContent !== 'at load'");
        Assert.DoesNotContain(planning.ToString(), await Rows());
        Assert.Contains(stacked.ToString(), await Rows());
        await page.Context.CloseAsync();
    }
}

[Collection(DashboardCollection.Name)]
public class The_batch_page(DashboardFixture fx)
{
    [Fact]
    public async Task Should_count_the_batch_sessions_by_state()
    {
        var response = await fx.Http.PostAsJsonAsync("/api/batches", new[] { "A stack of 2 blocks", "A stack of 3 blocks", "A stack of 5 blocks" });
        var batch = (await response.Content.ReadFromJsonAsync<SubmittedBatch>())!;
        await DashboardFixture.Eventually(async () =>
            (await fx.Http.GetFromJsonAsync<JsonElement>($"/api/sessions?batchId={batch.BatchId}")).GetArrayLength() == 3);

        var page = await fx.NewPageAsync();
        await page.GotoAsync($"/batches/{batch.BatchId}");
        // Nothing generates on this host (no generation service): all three wait in Generating.
        Assert.Equal("3", await page.InnerTextAsync("#batch-counts tr[data-state='Generating'] td.count"));
        Assert.Equal("0", await page.InnerTextAsync("#batch-counts tr[data-state='Accepted'] td.count"));
        Assert.Equal("3", await page.InnerTextAsync("#batch-counts tr[data-state='total'] td.count"));
        Assert.Equal("none accepted yet", await page.InnerTextAsync("#throughput"));
        Assert.StartsWith("unknown", await page.InnerTextAsync("#eta"));
        await page.Context.CloseAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await fx.Http.GetAsync($"/batches/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public void Should_compute_throughput_since_the_first_submission_and_an_eta_at_the_finishing_pace()
    {
        var start = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        GenerationSession S(string state, int minute) => new() { CorrelationId = Guid.NewGuid(), CurrentState = state, SubmittedAt = start.AddMinutes(minute) };
        var sessions = new[]
        {
            S(GenerationSessionStates.Accepted, 0), S(GenerationSessionStates.Accepted, 1), S(GenerationSessionStates.Accepted, 1),
            S(GenerationSessionStates.Rejected, 2), S(GenerationSessionStates.Generating, 3), S(GenerationSessionStates.Rendering, 3),
        };
        var stats = DashboardEndpoints.Stats(sessions, start.AddMinutes(10));
        Assert.Equal(6, stats.Total);
        Assert.Equal(3, stats.ByState[GenerationSessionStates.Accepted]);
        Assert.Equal(1, stats.ByState[GenerationSessionStates.Generating]);
        Assert.Equal(4, stats.Finished);
        Assert.Equal(0.3, stats.AcceptedPerMinute!.Value, 6); // 3 accepted in 10 minutes
        Assert.Equal(TimeSpan.FromMinutes(5), stats.Eta);     // 4 finished in 10 minutes: 2 left take 5

        var none = DashboardEndpoints.Stats([S(GenerationSessionStates.Generating, 0)], start.AddMinutes(1));
        Assert.Null(none.AcceptedPerMinute);
        Assert.Null(none.Eta);
    }
}

[Collection(DashboardCollection.Name)]
public class Artifact_requests(DashboardFixture fx)
{
    [Fact]
    public async Task Should_stream_stored_files_and_answer_404_without_a_trace_for_anything_else()
    {
        await fx.StoreAsync("bm-dash-files", "put the cup on the saucer", Guid.NewGuid());
        await fx.StoreAsync("bm-dash-nofiles", "files never written", Guid.NewGuid(), files: false);
        await fx.StoreAsync("bm-dash-badzip", "a broken preview bundle", Guid.NewGuid());
        var buckets = fx.Site.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Benchgen.Hosting.Storage.S3Options>>().Value;
        await fx.Site.Services.GetRequiredService<IArtifactStore>()
            .PutAsync(buckets.AssetsBucket, ArtifactKeys.Previews("bm-dash-badzip"), "not a zip"u8.ToArray(), "application/zip", CancellationToken.None);

        var sheet = await fx.Http.GetAsync("/benchmarks/bm-dash-files/files/contact-sheet.png");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal("image/png", sheet.Content.Headers.ContentType!.MediaType);
        var view = await fx.Http.GetByteArrayAsync("/benchmarks/bm-dash-files/views/23.png");
        Assert.Equal(DashboardFixture.Picture(DashboardFixture.ViewWidth, DashboardFixture.ViewHeight, 23), view);

        foreach (var url in new[]
                 {
                     "/benchmarks/bm-dash-nofiles/files/contact-sheet.png", // in the catalogue, not in the store
                     "/benchmarks/bm-dash-nofiles/views/0.png",
                     "/benchmarks/bm-dash-badzip/views/0.png",               // previews.zip is not a zip
                     "/benchmarks/bm-dash-files/files/notes.txt",            // not an artifact name
                     "/benchmarks/bm-dash-files/files/..%2F..%2Fcatalogue",
                     "/benchmarks/bm-dash-files/files/%2Fetc%2Fpasswd",
                     "/benchmarks/bm-dash-files/views/24.png",
                     "/benchmarks/bm-dash-files/views/-1.png",
                     "/benchmarks/bm-none/files/script.py",                  // not in the catalogue
                     "/benchmarks/..%2Fbm-dash-files/files/script.py",
                     "/benchmarks/bm-none",
                 })
        {
            var response = await fx.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(" at ", text.Replace("at the", ""));
            Assert.DoesNotContain("Exception", text);
        }

        // The page of a record without files still renders and says what is missing.
        var page = await fx.Http.GetStringAsync("/benchmarks/bm-dash-nofiles");
        Assert.Contains("The script is missing from the artifact store.", page);
        Assert.Equal(HttpStatusCode.OK, (await fx.Http.GetAsync("/benchmarks/bm-dash-badzip")).StatusCode);
    }
}
