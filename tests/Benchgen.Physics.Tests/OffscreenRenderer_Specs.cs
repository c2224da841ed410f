namespace Benchgen.Physics.Tests;

public class Rendering_a_stack_of_boxes
{
    [Fact]
    public void Should_render_non_blank_views_that_differ_between_cameras()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        using var renderer = new OffscreenRenderer(320, 240);
        var views = ViewPlanner.Default24(model);

        var side = renderer.Render(model, views[0]);
        var top = renderer.Render(model, views[^1]);

        Assert.Equal(320, side.Image.Width);
        Assert.Equal(240, side.Image.Height);
        Assert.Equal(320 * 240 * 3, side.Image.Pixels.Length);
        Assert.True(Variance(side.Image) > 100, $"variance {Variance(side.Image)}");
        Assert.True(Variance(top.Image) > 100, $"variance {Variance(top.Image)}");
        Assert.True(MeanAbsoluteDifference(side.Image, top.Image) > 5, "two different cameras produced the same picture");
    }

    [Fact]
    public void Should_count_the_pixels_of_every_visible_body()
    {
        using var model = MujocoModel.Compile(Scenes.Stack(extraBodies: """
            <body name="far_away" pos="40 0 0.05"><geom type="box" size="0.05 0.05 0.05"/></body>
            """));
        using var renderer = new OffscreenRenderer(320, 240);
        var camera = new CameraView("front", Azimuth: 90, Elevation: -20, Distance: 1.0, LookAt: new Vec3(0, 0, 0.15));

        var view = renderer.Render(model, camera);

        Assert.Equal(["box1", "box2", "box3", "far_away"], view.VisibleBodyPixels.Keys.Order());
        foreach (var box in new[] { "box1", "box2", "box3" })
            Assert.True(view.VisibleBodyPixels[box] > 500, $"{box}: {view.VisibleBodyPixels[box]} px");
        Assert.Equal(0, view.VisibleBodyPixels["far_away"]);
        // the colour pass agrees: the centre of the picture shows the green middle box
        var centre = ((120 * 320) + 160) * 3;
        var px = view.Image.Pixels;
        Assert.True(px[centre + 1] > px[centre] && px[centre + 1] > px[centre + 2], $"centre pixel {px[centre]},{px[centre + 1]},{px[centre + 2]}");
    }

    [Fact]
    public void Should_count_a_body_inside_a_translucent_zone_marker_as_seen()
    {
        // A goal zone is a translucent site around the part it is about; the picture shows the part through it, so the
        // segmentation that the reviewer reads must too.
        using var model = MujocoModel.Compile(Scenes.Stack(extraBodies: """
            <site name="goal_zone" type="box" pos="0 0 0.15" size="0.3 0.3 0.3" rgba="0.1 0.8 0.2 0.35"/>
            """));
        using var renderer = new OffscreenRenderer(320, 240);
        model.Forward();
        var view = renderer.Render(model, new CameraView("front", Azimuth: 90, Elevation: -20, Distance: 1.5, LookAt: new Vec3(0, 0, 0.15)));
        foreach (var box in new[] { "box1", "box2", "box3" })
            Assert.True(view.VisibleBodyPixels[box] > 300, $"{box}: {view.VisibleBodyPixels[box]} px");
    }

    [Fact]
    public void Should_reuse_one_renderer_across_models()
    {
        using var renderer = new OffscreenRenderer(160, 120);
        var camera = new CameraView("front", 90, -20, 1.0, new Vec3(0, 0, 0.15));
        using (var three = MujocoModel.Compile(Scenes.Stack(3)))
            Assert.True(renderer.Render(three, camera).VisibleBodyPixels["box3"] > 0);
        using var one = MujocoModel.Compile(Scenes.Stack(1));
        var view = renderer.Render(one, camera);
        Assert.Equal(["box1"], view.VisibleBodyPixels.Keys);
        Assert.True(view.VisibleBodyPixels["box1"] > 0);
    }

    [Fact]
    public void Should_refuse_to_render_from_a_foreign_thread()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        using var renderer = new OffscreenRenderer(64, 48);
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try { renderer.Render(model, new CameraView("x", 0, -30, 1, new Vec3(0, 0, 0.1))); }
            catch (Exception ex) { caught = ex; }
        });
        thread.Start();
        thread.Join();
        Assert.IsType<InvalidOperationException>(caught);
    }

    private static double Variance(RgbImage image)
    {
        double sum = 0, sumSq = 0;
        foreach (var b in image.Pixels) { sum += b; sumSq += b * (double)b; }
        var mean = sum / image.Pixels.Length;
        return sumSq / image.Pixels.Length - mean * mean;
    }

    private static double MeanAbsoluteDifference(RgbImage a, RgbImage b) =>
        a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();
}

public class Planning_the_24_views
{
    [Fact]
    public void Should_orbit_the_stack_at_eight_azimuths_and_three_elevations()
    {
        using var model = MujocoModel.Compile(Scenes.Stack());
        var views = ViewPlanner.Default24(model);

        Assert.Equal(24, views.Count);
        Assert.Equal(24, views.Select(v => v.Name).Distinct().Count());
        Assert.Equal(8, views.Select(v => v.Azimuth).Distinct().Count());
        Assert.Equal(3, views.Select(v => v.Elevation).Distinct().Count());
        Assert.All(views, v => Assert.True(v.Elevation < 0, "views should look down on the scene"));
        // framed on the boxes (0 to 30 cm up), not on the 6 m floor: the point looked at is inside the stack
        Assert.All(views, v => Assert.True(Math.Abs(v.LookAt.X) < 0.1 && Math.Abs(v.LookAt.Y) < 0.1 && v.LookAt.Z is > 0.05 and < 0.25, $"{v.Name} looks at {v.LookAt}"));
        Assert.All(views, v => Assert.InRange(v.Distance, 0.3, 1.5));
    }

    [Fact]
    public void Should_back_off_for_a_larger_scene()
    {
        using var small = MujocoModel.Compile(Scenes.Stack(2));
        using var tall = MujocoModel.Compile(Scenes.Stack(8));
        Assert.True(ViewPlanner.Default24(tall)[0].Distance > 2 * ViewPlanner.Default24(small)[0].Distance);
    }

    [Fact]
    public void Should_keep_visible_zone_sites_in_frame_and_ignore_invisible_ones()
    {
        const string Scene = """
            <mujoco>
              <worldbody>
                <geom type="plane" size="3 3 0.1"/>
                <geom name="block" type="box" pos="0 0 0.1" size="0.1 0.1 0.1"/>
                <site name="goal_zone" type="box" pos="1.5 0 0.05" size="0.1 0.1 0.05" rgba="0 1 0 0.3"/>
                <site name="hidden" type="sphere" pos="-9 0 0" size="0.1" rgba="0 0 0 0"/>
              </worldbody>
            </mujoco>
            """;
        using var model = MujocoModel.Compile(Scene);

        var spheres = model.VisibleSiteSpheres();
        var goal = Assert.Single(spheres);
        Assert.Equal(1.5, goal.Center.X, 6);
        Assert.Equal(Math.Sqrt(0.1 * 0.1 + 0.1 * 0.1 + 0.05 * 0.05), goal.Radius, 6);

        var (center, radius) = ViewPlanner.SceneBounds(model);
        Assert.InRange(center.X, 0.5, 1.0);
        Assert.True(radius > 0.8, $"radius {radius} should span block and goal zone");
    }
}
