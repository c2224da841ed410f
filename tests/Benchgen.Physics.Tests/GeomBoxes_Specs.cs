using Benchgen.Physics;
using Xunit;

namespace Benchgen.Physics.Tests;

/// <summary>World boxes of geoms (the grader's build-zone check) and the deepest contact pair (its interpenetration check).</summary>
public sealed class Measuring_geom_boxes
{
    private const string Mjcf = """
        <mujoco>
          <worldbody>
            <geom name="floor" type="plane" size="1 1 0.1"/>
            <body name="plank" pos="0.2 0 0.1" euler="0 0 90">
              <geom name="plank_geom" type="box" size="0.3 0.05 0.02"/>
            </body>
            <geom name="rod" type="capsule" fromto="-0.5 0 0.5 -0.1 0 0.5" size="0.02"/>
            <body name="ball" pos="0 0.5 0.03"><freejoint/><geom name="ball_geom" type="sphere" size="0.05"/></body>
          </worldbody>
        </mujoco>
        """;

    [Fact]
    public void Should_turn_a_box_by_its_orientation_and_give_a_capsule_its_length_and_radius()
    {
        using var model = MujocoModel.Compile(Mjcf);
        model.Forward();
        var boxes = model.GeomBoxes();
        var plank = boxes[model.Geoms.Single(g => g.Name == "plank_geom").Id];
        // Turned 90° about z: 0.3 m along y, 0.05 m along x.
        Assert.Equal(0.15, plank.Min.X, 6);
        Assert.Equal(0.25, plank.Max.X, 6);
        Assert.Equal(-0.3, plank.Min.Y, 6);
        Assert.Equal(0.3, plank.Max.Y, 6);
        Assert.Equal(0.08, plank.Min.Z, 6);
        var rod = boxes[model.Geoms.Single(g => g.Name == "rod").Id];
        Assert.Equal(-0.52, rod.Min.X, 6);
        Assert.Equal(-0.08, rod.Max.X, 6);
        Assert.Equal(0.48, rod.Min.Z, 6);
    }

    [Fact]
    public void Should_name_the_deepest_contact_pair()
    {
        using var model = MujocoModel.Compile(Mjcf);
        model.Reset();
        model.Forward();
        var (depth, g1, g2) = model.DeepestContactPair();
        // The ball starts 2 cm into the floor.
        Assert.Equal(0.02, depth, 4);
        Assert.Equal(["ball_geom", "floor"], new[] { g1, g2 }.Order(StringComparer.Ordinal));
    }
}
