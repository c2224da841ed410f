using System.Globalization;

namespace Benchgen.Physics.Tests;

/// <summary>Golden MJCF scenes shared by the specs.</summary>
internal static class Scenes
{
    public const double BoxHalf = 0.05;

    /// <summary>Boxes of 10 cm stacked on a floor; <paramref name="gap"/> is the vertical spacing between box centres minus 10 cm.</summary>
    public static string Stack(int count = 3, double gap = 0, string extraBodies = "", string option = "")
    {
        var bodies = string.Concat(Enumerable.Range(0, count).Select(i =>
        {
            var z = (BoxHalf + i * (2 * BoxHalf + gap)).ToString("R", CultureInfo.InvariantCulture);
            var colour = i switch { 0 => "0.9 0.2 0.2 1", 1 => "0.2 0.8 0.2 1", _ => "0.2 0.3 0.9 1" };
            return $"""
                <body name="box{i + 1}" pos="0 0 {z}">
                  <freejoint/>
                  <geom name="box{i + 1}" type="box" size="{BoxHalf} {BoxHalf} {BoxHalf}" mass="0.2" rgba="{colour}"/>
                </body>
            """;
        }));
        return $"""
            <mujoco model="stack">
              <option timestep="0.002" {option}/>
              <worldbody>
                <light pos="0 0 3" dir="0 0 -1" directional="true"/>
                <geom name="floor" type="plane" size="3 3 0.1" rgba="0.7 0.7 0.7 1"/>
                {bodies}
                {extraBodies}
              </worldbody>
            </mujoco>
            """;
    }
}
