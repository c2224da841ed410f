namespace Benchgen.Physics.Tests;

/// <summary>Pictures people can judge: framed on the task, no sky, zones that read as regions, labelled sheets.</summary>
public class Pictures_of_a_task
{
    // A small task on a big floor: three 10 cm boxes, a goal zone beside them and a tall forbid zone behind.
    private static string Task(double floorHalf = 1.3) => Scenes.Stack(extraBodies: """
        <site name="goal_zone" type="box" pos="0.3 0 0.05" size="0.06 0.06 0.05" rgba="0.1 0.8 0.2 0.35"/>
        <site name="forbid_zone_0" type="box" pos="-0.3 0.1 0.15" size="0.07 0.07 0.15" rgba="0.9 0.1 0.1 0.3"/>
        """).Replace("size=\"3 3 0.1\"", $"size=\"{floorHalf} {floorHalf} 0.05\"");

    [Fact]
    public void Should_project_points_where_MuJoCo_draws_them()
    {
        // A small white ball away from the view's centre: the pixel the projection names is the ball's.
        using var model = MujocoModel.Compile(Scenes.Stack(count: 0, extraBodies: """
            <geom name="marker" type="sphere" pos="0.25 -0.15 0.3" size="0.02" rgba="1 1 1 1"/>
            """).Replace("rgba=\"0.7 0.7 0.7 1\"", "rgba=\"0.1 0.1 0.1 1\""));
        model.Forward();
        using var renderer = new OffscreenRenderer(320, 240, RenderStyle.AsModelled);
        foreach (var camera in new[]
                 {
                     new CameraView("a", 30, -35, 1.2, new Vec3(0, 0, 0.1)),
                     new CameraView("b", 200, -60, 0.9, new Vec3(0.1, 0, 0)),
                 })
        {
            var image = renderer.Render(model, camera).Image;
            var (x, y, depth) = CameraProjection.Of(camera, model.FieldOfViewY, 320.0 / 240).ToPixel(new Vec3(0.25, -0.15, 0.3), 320, 240);
            Assert.True(depth > 0);
            var i = ((int)y * 320 + (int)x) * 3;
            Assert.True(image.Pixels[i] > 150 && image.Pixels[i + 1] > 150 && image.Pixels[i + 2] > 150,
                $"{camera.Name}: pixel ({x:0},{y:0}) is {image.Pixels[i]},{image.Pixels[i + 1]},{image.Pixels[i + 2]}, not the white marker");
        }
    }

    [Fact]
    public void Should_frame_every_view_on_the_task_not_the_floor()
    {
        using var model = MujocoModel.Compile(Task());
        var box = ViewPlanner.TaskBox(model);
        var corners = Enumerable.Range(0, 8).Select(i => new Vec3((i & 1) == 0 ? box.Min.X : box.Max.X,
            (i & 2) == 0 ? box.Min.Y : box.Max.Y, (i & 4) == 0 ? box.Min.Z : box.Max.Z)).ToArray();
        // The box is the task's geoms and zones only: the 2.6 m floor is not in it.
        Assert.True(box.Size.X < 0.9 && box.Size.Y < 0.6, $"task box {box.Min} .. {box.Max}");

        foreach (var view in ViewPlanner.Default24(model, 4.0 / 3))
        {
            var projection = CameraProjection.Of(view, model.FieldOfViewY, 4.0 / 3);
            var ndc = corners.Select(projection.ToNdc).ToArray();
            Assert.All(ndc, p => Assert.True(Math.Abs(p.X) <= 1 && Math.Abs(p.Y) <= 1, $"{view.Name}: a corner of the task is out of frame ({p.X:0.00}, {p.Y:0.00})"));
            // … and fills the frame in at least one direction: the task takes most of the picture, from every side.
            var spanX = ndc.Max(p => p.X) - ndc.Min(p => p.X);
            var spanY = ndc.Max(p => p.Y) - ndc.Min(p => p.Y);
            Assert.True(Math.Max(spanX, spanY) >= 2 * 0.8, $"{view.Name}: the task spans only {spanX / 2:P0} × {spanY / 2:P0} of the frame");
        }
    }

    [Fact]
    public void Should_show_no_sky_in_any_view()
    {
        using var model = MujocoModel.Compile(Task());
        model.Forward();
        using var renderer = new OffscreenRenderer(160, 120);
        foreach (var view in ViewPlanner.Default24(model, 160.0 / 120))
        {
            var px = renderer.Render(model, view).Image.Pixels;
            var black = 0;
            for (var i = 0; i < px.Length; i += 3)
                if (px[i] < 8 && px[i + 1] < 8 && px[i + 2] < 8) black++;
            Assert.True(black < 0.01 * 160 * 120, $"{view.Name}: {black} of {160 * 120} pixels are empty sky");
        }
    }

    [Fact]
    public void Should_draw_zones_as_tinted_outlined_regions_not_solid_boxes()
    {
        using var model = MujocoModel.Compile(Task());
        model.Forward();
        var camera = new CameraView("zone", 90, -45, 0.9, new Vec3(0.3, 0, 0.05));
        using var pictures = new OffscreenRenderer(320, 240);
        using var plain = new OffscreenRenderer(320, 240, RenderStyle.AsModelled);
        var picture = pictures.Render(model, camera).Image;
        var asModelled = plain.Render(model, camera).Image;

        var projection = CameraProjection.Of(camera, model.FieldOfViewY, 320.0 / 240);
        var (cx, cy, _) = projection.ToPixel(new Vec3(0.3, 0, 0.0), 320, 240); // the floor at the zone's centre
        var i = ((int)cy * 320 + (int)cx) * 3;
        // MuJoCo's own translucent box turns the floor green; the picture keeps the floor and tints it only faintly.
        int Green(byte[] p) => p[i + 1] - (p[i] + p[i + 2]) / 2;
        Assert.True(Green(asModelled.Pixels) > 30, $"as modelled the zone is a green box ({Green(asModelled.Pixels)})");
        Assert.True(Green(picture.Pixels) < Green(asModelled.Pixels) / 2, $"in the picture the floor shows through ({Green(picture.Pixels)} vs {Green(asModelled.Pixels)})");

        // The outline is drawn in the legend colour: the goal's top corner, projected, is exactly that green.
        var (ox, oy, _) = projection.ToPixel(new Vec3(0.36, 0.06, 0.1), 320, 240);
        var found = false;
        for (var dy = -2; dy <= 2 && !found; dy++)
        for (var dx = -2; dx <= 2 && !found; dx++)
        {
            var j = (((int)oy + dy) * 320 + (int)ox + dx) * 3;
            found = picture.Pixels[j] == ZoneOverlay.GoalColour.R && picture.Pixels[j + 1] == ZoneOverlay.GoalColour.G && picture.Pixels[j + 2] == ZoneOverlay.GoalColour.B;
        }
        Assert.True(found, "no goal-coloured outline at the zone's corner");
        Assert.Equal(ZoneOverlay.ForbidColour, ZoneOverlay.ColourOf("forbid_zone_3"));
    }

    [Fact]
    public void Should_label_each_view_and_explain_the_colours_on_the_contact_sheet()
    {
        var grey = Enumerable.Range(0, 3).Select(_ => new RgbImage(80, 60, Enumerable.Repeat((byte)128, 80 * 60 * 3).ToArray())).ToList();
        var bare = ContactSheet.Compose(grey, columns: 3, thumbWidth: 80);
        var sheet = ContactSheet.Compose(grey, columns: 3, thumbWidth: 80, labels: ["az000-el28", "b", "c"], legend: ContactSheet.ZoneLegend);

        Assert.Equal(bare.Width, sheet.Width);
        Assert.True(sheet.Height > bare.Height, "no legend strip under the views");
        int Count(RgbImage image, Func<byte, byte, byte, bool> match)
        {
            var n = 0;
            for (var i = 0; i < image.Pixels.Length; i += 3) if (match(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2])) n++;
            return n;
        }
        Assert.Equal(0, Count(bare, (r, g, b) => r == 255 && g == 255 && b == 255));
        Assert.True(Count(sheet, (r, g, b) => r == 255 && g == 255 && b == 255) > 30, "no label text on the views");
        var (gr, gg, gb) = ZoneOverlay.GoalColour;
        var (fr, fg, fb) = ZoneOverlay.ForbidColour;
        Assert.True(Count(sheet, (r, g, b) => r == gr && g == gg && b == gb) > 50, "no goal swatch in the legend");
        Assert.True(Count(sheet, (r, g, b) => r == fr && g == fg && b == fb) > 50, "no forbid swatch in the legend");
    }

    [Fact]
    public void Should_draw_text_glyph_by_glyph()
    {
        var rgb = new byte[12 * 7 * 3];
        PixelFont.Draw(rgb, 12, 7, 0, 0, "I-", (255, 255, 255));
        bool Lit(int x, int y) => rgb[(y * 12 + x) * 3] == 255;
        Assert.True(Lit(2, 3) && Lit(1, 0) && Lit(3, 6) && !Lit(0, 3)); // I: a stem with serifs
        Assert.True(Lit(6, 3) && Lit(10, 3) && !Lit(6, 2));               // -: one row
        Assert.Equal(11, PixelFont.Measure("I-"));
    }
}
