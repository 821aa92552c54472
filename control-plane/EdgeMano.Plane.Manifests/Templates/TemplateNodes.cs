namespace EdgeMano.Plane.Manifests.Templates;

/// <summary>The parse tree of a template, shaped like Go's <c>text/template/parse</c> nodes.</summary>
internal abstract record Node(int Offset);

internal sealed record ListNode(IReadOnlyList<Node> Nodes, int Offset) : Node(Offset);

internal sealed record TextNode(string Text, int Offset) : Node(Offset);

/// <summary><c>{{pipeline}}</c>: prints the value unless the pipeline declares a variable.</summary>
internal sealed record ActionNode(PipeNode Pipe, int Offset) : Node(Offset);

/// <summary><c>if</c> and <c>with</c> (a <c>with</c> also moves dot); <c>else if</c> is an <see cref="IfNode"/> in <see cref="Else"/>.</summary>
internal sealed record IfNode(PipeNode Pipe, ListNode Then, ListNode? Else, bool IsWith, int Offset) : Node(Offset);

internal sealed record RangeNode(PipeNode Pipe, ListNode Body, ListNode? Else, int Offset) : Node(Offset);

/// <summary><c>{{template "name" pipeline}}</c> (also what a <c>block</c> leaves in place).</summary>
internal sealed record TemplateCallNode(string Name, PipeNode? Pipe, int Offset) : Node(Offset);

internal sealed record BreakNode(int Offset) : Node(Offset);

internal sealed record ContinueNode(int Offset) : Node(Offset);

/// <summary>
/// Commands joined by <c>|</c>; each result is the last argument of the next. <see cref="Declare"/>
/// holds <c>$x :=</c> (or <c>$i, $v :=</c> in range); <see cref="IsAssign"/> is <c>$x = </c>.
/// </summary>
internal sealed record PipeNode(IReadOnlyList<string> Declare, bool IsAssign, IReadOnlyList<CommandNode> Commands, int Offset, string Source)
    : Node(Offset);

internal sealed record CommandNode(IReadOnlyList<ArgNode> Args, int Offset, string Source) : Node(Offset);

internal abstract record ArgNode(int Offset) : Node(Offset);

/// <summary><c>.A.B</c> from dot.</summary>
internal sealed record FieldArg(IReadOnlyList<string> Names, int Offset) : ArgNode(Offset);

/// <summary><c>$x.A.B</c>; <c>$</c> is the data the template was executed with.</summary>
internal sealed record VariableArg(string Name, IReadOnlyList<string> Fields, int Offset) : ArgNode(Offset);

/// <summary>A function name.</summary>
internal sealed record FunctionArg(string Name, int Offset) : ArgNode(Offset);

/// <summary><c>(pipeline).A.B</c> or a parenthesized pipeline alone (no fields).</summary>
internal sealed record ChainArg(PipeNode Pipe, IReadOnlyList<string> Fields, int Offset) : ArgNode(Offset);

internal sealed record DotArg(int Offset) : ArgNode(Offset);

/// <summary>A constant: string, bool, nil (null), long or double.</summary>
internal sealed record LiteralArg(object? Value, int Offset) : ArgNode(Offset);
