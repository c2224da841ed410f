using Benchgen.Generation.Tasks;
using Benchgen.Generation.Tasks.Parsing;
using Benchgen.Tasks;
using Xunit;

// The namespace carries the file name so `--filter FullyQualifiedName~TaskParser` selects these scenarios.
namespace Benchgen.Generation.Tests.Tasks.TaskParser_Specs;

internal static class Parsed
{
    private static readonly TaskParser Parser = new();

    public static PlanResult Plan(string prompt) => Parser.Parse(prompt);

    /// <summary>The accepted spec (fails with the rejection otherwise); it always passes the library rules.</summary>
    public static TaskSpec Accepted(string prompt)
    {
        var result = Parser.Parse(prompt);
        Assert.True(result.Accepted, $"'{prompt}' was rejected: {result.Rejection}\n{result.Spec.ToJson()}");
        TaskSpecRules.Check(result.Spec);
        Assert.Empty(result.Spec.Unmapped);
        Assert.Equal(TaskSpec.Version, result.Spec.Spec);
        Assert.Equal(prompt, result.Spec.Prompt);
        return result.Spec;
    }

    public static string Goal(this TaskSpec spec) => string.Join("; ", spec.Goal.Select(p => p.ToString()));
    public static string Start(this TaskSpec spec) => string.Join("; ", spec.Initial.Select(p => p.ToString()));
    public static string Places(this TaskSpec spec) => string.Join("; ", spec.Placements.Select(p => p.ToString()));

    /// <summary>"id:kind" per object, in spec order.</summary>
    public static string Kinds(this TaskSpec spec) => string.Join(", ", spec.Objects.Select(o => $"{o.Id}:{o.Kind}"));

    public static TaskObject Object(this TaskSpec spec, string id) => Assert.Single(spec.Objects, o => o.Id == id);

    public static string Param(this TaskObject o, string key) => AssetLibrary.ParamText(o)[key];
}

// ---- tasks.tsv: every row, with the ids the compiler and the checkers use ------------------------------------------

public sealed class Reading_the_task_instructions
{
    [Theory]
    [InlineData("put the bowl on the plate", "bowl_1:bowl, plate_1:plate", "on(bowl_1, plate_1)", "")]
    [InlineData("open the middle drawer of the cabinet", "cabinet_1:cabinet", "open(cabinet_1.drawer_middle)", "closed(cabinet_1.drawer_middle)")]
    [InlineData("close the top drawer of the cabinet", "cabinet_1:cabinet", "closed(cabinet_1.drawer_top)", "open(cabinet_1.drawer_top)")]
    [InlineData("put the cream cheese in the bowl", "cream_cheese_1:box, bowl_1:bowl", "in(cream_cheese_1, bowl_1)", "")]
    [InlineData("turn on the stove", "stove_1:stove", "turned_on(stove_1.knob)", "turned_off(stove_1.knob)")]
    [InlineData("pick up the ketchup and place it in the basket", "ketchup_1:bottle, basket_1:basket", "in(ketchup_1, basket_1)", "")]
    [InlineData("put the white bowl to the right of the plate", "bowl_1:bowl, plate_1:plate", "right_of(bowl_1, plate_1)", "")]
    [InlineData("close the microwave", "microwave_1:microwave", "closed(microwave_1.door)", "open(microwave_1.door)")]
    [InlineData("Press a button from the top.", "button_1:button", "pressed(button_1.button)", "")]
    [InlineData("Rotate a dial 180 degrees.", "dial_1:dial", "rotated(dial_1.dial, 180)", "")]
    [InlineData("Push the puck to a goal.", "puck_1:puck", "at(puck_1, goal)", "")]
    [InlineData("Pick and place a puck onto a shelf.", "puck_1:puck, shelf_1:shelf", "on(puck_1, shelf_1)", "")]
    [InlineData("Unplug a peg sideways.", "peg_1:peg, socket_1:socket", "out_of(peg_1, socket_1)", "inserted(peg_1, socket_1)")]
    [InlineData("Push and close a window.", "window_1:window", "closed(window_1.sash)", "open(window_1.sash)")]
    [InlineData("Sweep a puck off the table.", "puck_1:puck, table_1:table", "off(puck_1, table_1)", "on(puck_1, table_1)")]
    [InlineData("put the red blocks in a green bowl", "block_1:block, block_2:block, bowl_1:bowl", "in(block_1, bowl_1); in(block_2, bowl_1)", "")]
    [InlineData("Pick up a blue cylindrical block and place it into an empty container.", "cylinder_1:cylinder, container_1:container",
        "in(cylinder_1, container_1)", "")]
    [InlineData("put both the alphabet soup and the tomato sauce in the basket", "alphabet_soup_1:can, tomato_sauce_1:can, basket_1:basket",
        "in(alphabet_soup_1, basket_1); in(tomato_sauce_1, basket_1)", "")]
    [InlineData("open the top drawer and put the bowl inside", "cabinet_1:cabinet, bowl_1:bowl",
        "open(cabinet_1.drawer_top); in(bowl_1, cabinet_1.drawer_top)", "closed(cabinet_1.drawer_top)")]
    [InlineData("Grasp the puck from one bin and place it into another bin.", "puck_1:puck, bin_1:bin, bin_2:bin", "in(puck_1, bin_2)", "in(puck_1, bin_1)")]
    [InlineData("Push a mug under a coffee machine.", "mug_1:mug, coffee_machine_1:coffee_machine", "under(mug_1, coffee_machine_1)", "")]
    [InlineData("stack three red blocks on a blue plate", "block_1:block, block_2:block, block_3:block, plate_1:plate",
        "on(block_1, plate_1); stacked(block_1, block_2, block_3)", "")]
    [InlineData("sequentially stack 6 blocks into a pyramid of 3-2-1 with rainbow colored ordering",
        "block_1:block, block_2:block, block_3:block, block_4:block, block_5:block, block_6:block",
        "next_to(block_1, block_2); next_to(block_2, block_3); on(block_4, block_1); on(block_4, block_2); on(block_5, block_2); " +
        "on(block_5, block_3); on(block_6, block_4); on(block_6, block_5)", "")]
    [InlineData("put the chocolate pudding to the left of the plate", "chocolate_pudding_1:box, plate_1:plate", "left_of(chocolate_pudding_1, plate_1)", "")]
    [InlineData("Lift the lid off the box and put it on the table", "box_1:box, table_1:table", "off(box_1.lid, box_1); on(box_1.lid, table_1)",
        "on(box_1.lid, box_1)")]
    [InlineData("Two meshing gears: turn the input gear so the output gear rotates 90 degrees", "gear_1:gear, gear_2:gear", "rotated(gear_2.gear, 90)", "")]
    [InlineData("Create a red box", "box_1:box", "at(box_1, goal)", "")]
    [InlineData("Knock over the last of five dominoes", "domino_1:domino, domino_2:domino, domino_3:domino, domino_4:domino, domino_5:domino",
        "toppled(domino_5)", "upright(domino_1); upright(domino_2); upright(domino_3); upright(domino_4); upright(domino_5)")]
    [InlineData("put the black bowl in the bottom drawer and close it", "bowl_1:bowl, cabinet_1:cabinet",
        "in(bowl_1, cabinet_1.drawer_bottom); closed(cabinet_1.drawer_bottom)", "open(cabinet_1.drawer_bottom)")]
    public void Should_build_exactly_the_task_asked_for(string prompt, string objects, string goal, string initial)
    {
        var spec = Parsed.Accepted(prompt);
        Assert.Null(spec.Preset);
        Assert.Equal(objects, spec.Kinds());
        Assert.Equal(goal, spec.Goal());
        Assert.Equal(initial, spec.Start());
        Assert.All(spec.Objects, o => Assert.Null(o.Count));
    }

    [Fact]
    public void Should_give_the_cabinet_three_drawers_when_a_position_is_named()
    {
        var spec = Parsed.Accepted("open the middle drawer of the cabinet");
        var cabinet = spec.Object("cabinet_1");
        Assert.Equal("3", cabinet.Param("drawers"));
        Assert.Equal(["drawer_top", "drawer_middle", "drawer_bottom"], cabinet.Parts!);
        Assert.Equal(2, spec.Tier);
    }

    [Fact]
    public void Should_label_proxies_with_the_prompts_noun_and_size_small_boxes()
    {
        var spec = Parsed.Accepted("put the cream cheese in the bowl");
        var cheese = spec.Object("cream_cheese_1");
        Assert.Equal(("box", "cream cheese", "small"), (cheese.Kind, cheese.Label, cheese.Size));
        var ketchup = Parsed.Accepted("pick up the ketchup and place it in the basket").Object("ketchup_1");
        Assert.Equal(("bottle", "ketchup"), (ketchup.Kind, ketchup.Label));
    }

    [Fact]
    public void Should_make_the_receptacle_of_several_objects_large_and_colour_each_object()
    {
        var spec = Parsed.Accepted("put the red blocks in a green bowl");
        Assert.All(spec.Objects.Where(o => o.Kind == "block"), b => Assert.Equal("red", b.Colour));
        var bowl = spec.Object("bowl_1");
        Assert.Equal(("green", "large"), (bowl.Colour, bowl.Size));
    }

    [Fact]
    public void Should_colour_the_pyramid_in_rainbow_order()
    {
        var spec = Parsed.Accepted("sequentially stack 6 blocks into a pyramid of 3-2-1 with rainbow colored ordering");
        Assert.Equal(["red", "orange", "yellow", "green", "blue", "purple"], spec.Objects.Select(o => o.Colour!).ToArray());
        Assert.Equal(1, spec.Tier);
    }

    [Fact]
    public void Should_place_the_lidded_box_on_the_table()
    {
        var spec = Parsed.Accepted("Lift the lid off the box and put it on the table");
        var box = spec.Object("box_1");
        Assert.Equal("true", box.Param("lidded"));
        Assert.Equal(["lid"], box.Parts!);
        Assert.Equal("on(box_1, table_1)", spec.Places());
    }

    [Fact]
    public void Should_mesh_the_labelled_gears_as_a_tier_3_mechanism()
    {
        var spec = Parsed.Accepted("Two meshing gears: turn the input gear so the output gear rotates 90 degrees");
        Assert.Equal("input gear", spec.Object("gear_1").Label);
        Assert.Equal("output gear", spec.Object("gear_2").Label);
        Assert.Equal("meshes_with(gear_2, gear_1)", spec.Places());
        Assert.Equal(3, spec.Tier);
    }

    [Fact]
    public void Should_line_the_dominoes_up_on_the_floor()
    {
        var spec = Parsed.Accepted("Knock over the last of five dominoes");
        Assert.Equal("row(domino_1, domino_2, domino_3, domino_4, domino_5) on floor", spec.Places());
    }

    [Fact]
    public void Should_put_the_small_black_bowl_in_the_drawer_and_close_it_as_tier_3()
    {
        var spec = Parsed.Accepted("put the black bowl in the bottom drawer and close it");
        var bowl = spec.Object("bowl_1");
        Assert.Equal(("black", "small", "black bowl"), (bowl.Colour, bowl.Size, bowl.Label));
        Assert.Equal("3", spec.Object("cabinet_1").Param("drawers"));
        Assert.Equal(3, spec.Tier);
        Assert.Equal(["put", "black", "bowl", "in", "bottom", "drawer", "and", "close", "it"], spec.Understood);
        Assert.Equal("small", Parsed.Accepted("open the top drawer and put the bowl inside").Object("bowl_1").Size);
    }

    [Fact]
    public void Should_record_sides_as_asset_parameters()
    {
        Assert.Equal("top", Parsed.Accepted("Press a button from the top.").Object("button_1").Param("direction"));
        Assert.Equal("side", Parsed.Accepted("Unplug a peg sideways.").Object("socket_1").Param("orientation"));
    }

    [Fact]
    public void Should_read_the_blue_cylindrical_block_as_a_cylinder()
    {
        var cylinder = Parsed.Accepted("Pick up a blue cylindrical block and place it into an empty container.").Object("cylinder_1");
        Assert.Equal(("blue", "blue cylindrical block"), (cylinder.Colour, cylinder.Label));
    }

    [Fact]
    public void Should_read_a_stack_of_blocks_as_the_stack_preset()
    {
        var spec = Parsed.Accepted("A stack of 3 blocks");
        Assert.Equal("stack", spec.Preset);
        Assert.Equal("at(block_3, goal)", spec.Goal());
        Assert.Equal("stacked(block_1, block_2, block_3)", spec.Start());
    }

    [Fact]
    public void Should_read_the_lever_with_variable_fulcrum_as_the_lever_preset_with_a_fulcrum_range()
    {
        var spec = Parsed.Accepted("Class 1 lever with variable fulcrum");
        Assert.Equal("lever", spec.Preset);
        Assert.Equal([0.3, 0.7], spec.Variation.Ranges["lever_1.fulcrum"]);
    }
}

// ---- examples.txt: the curator prompts stay catalogue presets --------------------------------------------------

public sealed class Reading_the_curator_examples
{
    [Theory]
    [InlineData("A stack of 3 blocks", "stack")]
    [InlineData("A tower of five cubes", "stack")]
    [InlineData("Stack 4 wooden cylinders", "stack")]
    [InlineData("A pyramid of 6 blocks", "pyramid")]
    [InlineData("A box containing three small spheres", "container")]
    [InlineData("A bin with 5 rubber balls inside", "container")]
    [InlineData("A sliding drawer with a handle", "drawer")]
    [InlineData("A lever on a fulcrum with a weight on one end", "lever")]
    [InlineData("A peg next to a block with a hole", "peg_in_hole")]
    [InlineData("A ball rolling down a ramp into a goal zone", "ramp")]
    [InlineData("A pendulum hanging from a frame", "pendulum")]
    [InlineData("A row of 8 dominoes", "dominoes")]
    [InlineData("Two platforms separated by a gap; move the cube across", "gap_bridge")]
    [InlineData("Move the ball sideways into the goal zone, past an obstacle wall", "sideways_transfer")]
    [InlineData("A hinged door", "hinged_door")]
    [InlineData("A stack of 2 large red blocks on an icy floor", "stack")]
    public void Should_accept_the_prompt_as_its_preset(string prompt, string preset)
    {
        var spec = Parsed.Accepted(prompt);
        Assert.Equal(preset, spec.Preset);
        var expected = PresetCatalogue.FromReading(PresetRecogniser.Recognise(prompt)!.Reading!);
        Assert.Equal(expected.DescribeGoal(), spec.DescribeGoal());
        Assert.NotEmpty(spec.Understood);
    }

    [Fact]
    public void Should_keep_the_icy_floor()
    {
        Assert.Equal("ice", Parsed.Accepted("A stack of 2 large red blocks on an icy floor").FloorMaterial);
    }
}

// ---- composed versus preset ------------------------------------------------------------------------------------

public sealed class Choosing_composed_or_preset
{
    [Theory]
    [InlineData("close the drawer", "closed(cabinet_1.drawer)", "open(cabinet_1.drawer)")]
    [InlineData("open the drawer", "open(cabinet_1.drawer)", "closed(cabinet_1.drawer)")]
    [InlineData("open the door", "open(door_1.door)", "closed(door_1.door)")]
    [InlineData("Insert the peg into the socket", "inserted(peg_1, socket_1)", "")]
    [InlineData("put the block next to the wall", "next_to(block_1, wall_1)", "")]
    [InlineData("put the ball on the platform", "on(ball_1, platform_1)", "")]
    public void Should_compose_a_task_with_a_verb_even_where_a_preset_shares_its_nouns(string prompt, string goal, string initial)
    {
        var spec = Parsed.Accepted(prompt);
        Assert.Null(spec.Preset);
        Assert.Equal(goal, spec.Goal());
        Assert.Equal(initial, spec.Start());
    }

    [Theory]
    [InlineData("swing the pendulum", "pendulum")]
    [InlineData("cross the gap with the cube", "gap_bridge")]
    [InlineData("roll the ball down the ramp", "ramp")]
    public void Should_map_swing_and_cross_and_preset_fixtures_to_their_presets(string prompt, string preset)
    {
        Assert.Equal(preset, Parsed.Accepted(prompt).Preset);
    }

    [Fact]
    public void Should_give_a_lone_drawer_one_drawer()
    {
        var cabinet = Parsed.Accepted("close the drawer").Object("cabinet_1");
        Assert.Equal("1", cabinet.Param("drawers"));
        Assert.Equal(["drawer"], cabinet.Parts!);
    }

    [Fact]
    public void Should_read_a_scene_noun_without_a_task_as_reaching_the_goal()
    {
        Assert.Equal("at(ball_1, goal)", Parsed.Accepted("A red ball").Goal());
        Assert.Equal("at(box_1, goal)", Parsed.Accepted("Make a red box").Goal());
    }
}

// ---- verbs -----------------------------------------------------------------------------------------------------

public sealed class Reading_verbs
{
    [Theory]
    [InlineData("put the mug on the plate", "on(mug_1, plate_1)")]
    [InlineData("place the mug in the bowl", "in(mug_1, bowl_1)")]
    [InlineData("move the ball into the basket", "in(ball_1, basket_1)")]
    [InlineData("set the plate on the table", "on(plate_1, table_1)")]
    [InlineData("drop the ball into the bin", "in(ball_1, bin_1)")]
    [InlineData("pick up the can and place it on the shelf", "on(can_1, shelf_1)")]
    [InlineData("slide the block to the goal", "at(block_1, goal)")]
    [InlineData("roll the ball to the goal zone", "at(ball_1, goal)")]
    [InlineData("move the cube to a goal", "at(cube_1, goal)")]
    [InlineData("push the book off the table", "off(book_1, table_1)")]
    [InlineData("arrange four blocks in a row", "next_to(block_1, block_2); next_to(block_2, block_3); next_to(block_3, block_4)")]
    [InlineData("build a tower of 3 blocks on the plate", "on(block_1, plate_1); stacked(block_1, block_2, block_3)")]
    [InlineData("make a row of 3 blocks", "next_to(block_1, block_2); next_to(block_2, block_3)")]
    [InlineData("insert the peg", "inserted(peg_1, socket_1)")]
    [InlineData("plug the peg into the socket", "inserted(peg_1, socket_1)")]
    [InlineData("remove the ball from the bowl", "out_of(ball_1, bowl_1)")]
    [InlineData("take the can out of the basket", "out_of(can_1, basket_1)")]
    [InlineData("pull out the peg", "out_of(peg_1, socket_1)")]
    [InlineData("open the microwave", "open(microwave_1.door)")]
    [InlineData("shut the window", "closed(window_1.sash)")]
    [InlineData("switch on the faucet", "turned_on(faucet_1.handle)")]
    [InlineData("turn off the stove", "turned_off(stove_1.knob)")]
    [InlineData("spin the knob 45 degrees", "rotated(knob_1.knob, 45)")]
    [InlineData("turn the crank 360 degrees", "rotated(crank_1.crank, 360)")]
    [InlineData("push the button", "pressed(button_1.button)")]
    [InlineData("topple the domino", "toppled(domino_1)")]
    [InlineData("tip over the bottle", "toppled(bottle_1)")]
    [InlineData("lift the book off the shelf", "off(book_1, shelf_1)")]
    public void Should_map_the_verb_to_its_goal_predicate(string prompt, string goal)
    {
        Assert.Equal(goal, Parsed.Accepted(prompt).Goal());
    }

    [Theory]
    [InlineData("remove the ball from the bowl", "in(ball_1, bowl_1)")]
    [InlineData("open the microwave", "closed(microwave_1.door)")]
    [InlineData("switch on the faucet", "turned_off(faucet_1.handle)")]
    [InlineData("turn off the stove", "turned_on(stove_1.knob)")]
    [InlineData("topple the domino", "upright(domino_1)")]
    [InlineData("lift the book off the shelf", "on(book_1, shelf_1)")]
    [InlineData("push the book off the table", "on(book_1, table_1)")]
    public void Should_start_from_the_opposite_state(string prompt, string initial)
    {
        Assert.Equal(initial, Parsed.Accepted(prompt).Start());
    }

    [Theory]
    [InlineData("lift the block")]
    [InlineData("Lift a puck.")]
    [InlineData("grasp the mug")]
    public void Should_reject_a_bare_lift_naming_the_verb(string prompt)
    {
        var result = Parsed.Plan(prompt);
        Assert.False(result.Accepted);
        Assert.Contains("lift", result.Rejection!.Replace("grasp", "lift", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(result.Rejection!.Length <= TaskParser.MaxRejectionLength);
    }

    [Fact]
    public void Should_reject_a_rotation_without_an_angle()
    {
        var result = Parsed.Plan("rotate the dial");
        Assert.False(result.Accepted);
        Assert.Contains("angle", result.Rejection!, StringComparison.Ordinal);
    }
}

// ---- relations -------------------------------------------------------------------------------------------------

public sealed class Reading_relations
{
    [Theory]
    [InlineData("put the ball in the bowl", "in(ball_1, bowl_1)")]
    [InlineData("put the ball into the bowl", "in(ball_1, bowl_1)")]
    [InlineData("put the plate on the table", "on(plate_1, table_1)")]
    [InlineData("put the block onto the book", "on(block_1, book_1)")]
    [InlineData("put the block on top of the book", "on(block_1, book_1)")]
    [InlineData("put the mug under the shelf", "under(mug_1, shelf_1)")]
    [InlineData("put the mug next to the plate", "next_to(mug_1, plate_1)")]
    [InlineData("put the mug beside the plate", "next_to(mug_1, plate_1)")]
    [InlineData("put the mug to the left of the plate", "left_of(mug_1, plate_1)")]
    [InlineData("put the mug left of the plate", "left_of(mug_1, plate_1)")]
    [InlineData("put the mug to the right of the plate", "right_of(mug_1, plate_1)")]
    [InlineData("put the mug in front of the plate", "in_front_of(mug_1, plate_1)")]
    [InlineData("put the mug behind the plate", "behind(mug_1, plate_1)")]
    [InlineData("put the mug between the plate and the bowl", "between(mug_1, plate_1, bowl_1)")]
    public void Should_map_the_relation_phrase(string prompt, string goal)
    {
        Assert.Equal(goal, Parsed.Accepted(prompt).Goal());
    }
}

// ---- referents, counts and colours -----------------------------------------------------------------------------

public sealed class Resolving_referents
{
    [Theory]
    [InlineData("open the bottom drawer", "open(cabinet_1.drawer_bottom)")]
    [InlineData("close the top drawer", "closed(cabinet_1.drawer_top)")]
    [InlineData("put the red block on the blue block", "on(block_1, block_2)")]
    [InlineData("put the left block on the right block", "on(block_1, block_2)")]
    [InlineData("move the ball from one bin into another bin", "in(ball_1, bin_2)")]
    [InlineData("put all the blocks in the basket", "in(block_1, basket_1); in(block_2, basket_1)")]
    [InlineData("put each of the two cans in the tray", "in(can_1, tray_1); in(can_2, tray_1)")]
    [InlineData("put the pair of cubes on the plate", "on(cube_1, plate_1); on(cube_2, plate_1)")]
    [InlineData("put the mug on the plate and then push it to the goal", "on(mug_1, plate_1); at(mug_1, goal)")]
    [InlineData("Knock over the first of three dominoes", "toppled(domino_1)")]
    [InlineData("put the mug in the microwave and close the door", "in(mug_1, microwave_1); closed(microwave_1.door)")]
    [InlineData("open the second drawer", "open(cabinet_1.drawer_middle)")]
    [InlineData("Put the ketchup bottle in the basket", "in(ketchup_1, basket_1)")]
    [InlineData("put the bowl in the basket and put the plate on it", "in(bowl_1, basket_1); on(plate_1, bowl_1)")]
    [InlineData("put the ball in the basket then put the cube in it", "in(ball_1, basket_1); in(cube_1, basket_1)")]
    [InlineData("remove the lid from the box", "off(box_1.lid, box_1)")]
    [InlineData("put the bowl on the plate and the mug in the basket", "on(bowl_1, plate_1); in(mug_1, basket_1)")]
    [InlineData("put the red block in the red bowl and the blue block in the blue bowl", "in(block_1, bowl_1); in(block_2, bowl_2)")]
    public void Should_name_the_right_object(string prompt, string goal)
    {
        Assert.Equal(goal, Parsed.Accepted(prompt).Goal());
    }

    [Fact]
    public void Should_start_the_left_object_left_of_the_right_one()
    {
        Assert.Equal("left_of(block_1, block_2)", Parsed.Accepted("put the left block on the right block").Places());
    }

    [Fact]
    public void Should_colour_each_object_of_a_scene_separately()
    {
        var spec = Parsed.Accepted("put the red block on the blue block");
        Assert.Equal(["red", "blue"], spec.Objects.Select(o => o.Colour!).ToArray());
    }

    [Fact]
    public void Should_pair_objects_and_receptacles_of_matching_colours()
    {
        var spec = Parsed.Accepted("put the blocks in the bowls of matching colours");
        Assert.Equal("in(block_1, bowl_1); in(block_2, bowl_2)", spec.Goal());
        Assert.Equal(spec.Object("block_1").Colour, spec.Object("bowl_1").Colour);
        Assert.Equal(spec.Object("block_2").Colour, spec.Object("bowl_2").Colour);
        Assert.NotEqual(spec.Object("block_1").Colour, spec.Object("block_2").Colour);
    }

    [Fact]
    public void Should_alternate_colours()
    {
        var spec = Parsed.Accepted("stack four alternating red and blue blocks");
        Assert.Equal(["red", "blue", "red", "blue"], spec.Objects.Select(o => o.Colour!).ToArray());
        Assert.Equal("stacked(block_1, block_2, block_3, block_4)", spec.Goal());
    }

    [Fact]
    public void Should_read_sizes_and_materials()
    {
        var spec = Parsed.Accepted("put the small wooden block in the large bowl");
        Assert.Equal(("small", "wood"), (spec.Object("block_1").Size, spec.Object("block_1").Material));
        Assert.Equal("large", spec.Object("bowl_1").Size);
    }
}

// ---- order, variation, tier -------------------------------------------------------------------------------------

public sealed class Reading_order_variation_and_tier
{
    [Fact]
    public void Should_keep_the_steps_in_prompt_order()
    {
        var spec = Parsed.Accepted("first open the microwave, then put the mug inside and finally close the microwave");
        Assert.Equal("open(microwave_1.door); in(mug_1, microwave_1); closed(microwave_1.door)", spec.Goal());
    }

    [Fact]
    public void Should_count_the_variations_asked_for()
    {
        var spec = Parsed.Accepted("10 variations of put the bowl on the plate");
        Assert.Equal(10, spec.Variation.Variants);
        Assert.Equal("on(bowl_1, plate_1)", spec.Goal());
    }

    [Theory]
    [InlineData("A lever on a fulcrum where the fulcrum position varies")]
    [InlineData("Class 1 lever with variable fulcrum")]
    public void Should_add_the_fulcrum_range(string prompt)
    {
        Assert.Equal([0.3, 0.7], Parsed.Accepted(prompt).Variation.Ranges["lever_1.fulcrum"]);
    }

    [Theory]
    [InlineData("put the bowl on the plate", 1)]
    [InlineData("open the microwave", 2)]
    [InlineData("tier 2 put the bowl on the plate", 2)]
    [InlineData("open the top drawer and put the bowl inside", 3)]
    public void Should_compute_or_read_the_tier(string prompt, int tier)
    {
        Assert.Equal(tier, Parsed.Accepted(prompt).Tier);
    }
}

// ---- honesty ---------------------------------------------------------------------------------------------------

public sealed class Rejecting_what_is_not_understood
{
    [Fact]
    public void Should_name_the_unknown_noun_and_the_nearest_objects()
    {
        var result = Parsed.Plan("put the spatula in the bowl");
        Assert.False(result.Accepted);
        Assert.Contains("'spatula'", result.Rejection!, StringComparison.Ordinal);
        Assert.Contains("nearest objects", result.Rejection!, StringComparison.Ordinal);
        Assert.Equal(["spatula"], result.Spec.Unmapped);
        Assert.True(result.Rejection!.Length <= TaskParser.MaxRejectionLength);
    }

    [Fact]
    public void Should_accept_a_plain_button_press()
    {
        Assert.Equal("pressed(button_1.button)", Parsed.Accepted("Press a button.").Goal());
    }

    [Fact]
    public void Should_not_invent_a_task_for_gear_meshing_alone()
    {
        var result = Parsed.Plan("gear meshing");
        Assert.False(result.Accepted);
        Assert.Contains("mesh", result.Rejection!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("put the bowl on the plate gracefully", "gracefully")]
    [InlineData("put the bowl in the oven", "oven")]
    [InlineData("A stack of 3 shiny blocks", "shiny")]
    public void Should_list_every_meaningful_word_it_could_not_map(string prompt, string word)
    {
        var result = Parsed.Plan(prompt);
        Assert.False(result.Accepted);
        Assert.Contains(word, result.Spec.Unmapped);
        Assert.Contains($"'{word}'", result.Rejection!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("put the bowl on the floor", "floor")]
    [InlineData("put the milk in the fridge", "'fridge'")]
    [InlineData("put it on the plate", "'it'")]
    [InlineData("spin the dial 900 degrees", "720")]
    [InlineData("put five blocks in the basket", "holds 4")]
    [InlineData("push the puck", "destination")]
    [InlineData("open the drawer sideways", "'sideways'")]
    [InlineData("Create a red box on the table", "'on …'")]
    [InlineData("turn the meshing gear 90 degrees", "'meshing'")]
    [InlineData("topple the domino to the goal", "'to the goal'")]
    public void Should_refuse_a_task_it_cannot_represent_honestly(string prompt, string named)
    {
        var result = Parsed.Plan(prompt);
        Assert.False(result.Accepted);
        Assert.Contains(named, result.Rejection!, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_an_empty_prompt_as_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => Parsed.Plan("  "));
    }
}

public sealed class Parsing_deterministically
{
    [Theory]
    [InlineData("put the black bowl in the bottom drawer and close it")]
    [InlineData("A stack of 3 blocks")]
    [InlineData("sequentially stack 6 blocks into a pyramid of 3-2-1 with rainbow colored ordering")]
    public async Task Should_give_the_same_json_for_the_same_prompt(string prompt)
    {
        var first = Parsed.Plan(prompt).Spec.ToJson();
        var second = (await new TaskParser().PlanAsync(prompt)).Spec.ToJson();
        Assert.Equal(first, second);
        Assert.Equal(first, TaskSpecReader.Parse(first).ToJson());
    }
}
