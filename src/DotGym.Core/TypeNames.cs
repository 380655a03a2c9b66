using System.Text;

namespace DotGym;

/// <summary>
/// Types written as C# source, for messages: <c>float[]</c>, not <c>Single[]</c>; <c>Env&lt;int, int&gt;</c>, not
/// <c>Env`2</c>; <c>int?</c>, <c>(int, float)</c>, <c>IReadOnlyDictionary&lt;string, object&gt;</c>. Every error and
/// warning that names a type goes through it, so a message can be pasted back into code. Namespaces are left out.
/// </summary>
public static class TypeNames
{
    /// <summary>The C# spelling of <typeparamref name="T"/>.</summary>
    public static string Of<T>() => Of(typeof(T));

    /// <summary>The C# spelling of <paramref name="type"/> (<c>"null"</c> for a null type).</summary>
    public static string Of(Type? type)
    {
        if (type is null) return "null";
        var text = new StringBuilder();
        Append(text, type);
        return text.ToString();
    }

    /// <summary>The C# spelling of <paramref name="value"/>'s runtime type, or <c>"null"</c>.</summary>
    public static string OfValue(object? value) => value is null ? "null" : Of(value.GetType());

    private static void Append(StringBuilder text, Type type)
    {
        if (type.IsArray)
        {
            // C# writes jagged arrays outermost rank first: int[][,] is an array of int[,].
            var ranks = new List<int>();
            var element = type;
            while (element.IsArray)
            {
                ranks.Add(element.GetArrayRank());
                element = element.GetElementType()!;
            }
            Append(text, element);
            foreach (int rank in ranks) text.Append('[').Append(',', rank - 1).Append(']');
            return;
        }
        if (type.IsPointer)
        {
            Append(text, type.GetElementType()!);
            text.Append('*');
            return;
        }
        if (type.IsByRef)
        {
            text.Append("ref ");
            Append(text, type.GetElementType()!);
            return;
        }
        if (Keyword(type) is { } keyword)
        {
            text.Append(keyword);
            return;
        }
        if (!type.IsGenericType)
        {
            AppendDeclaringTypes(text, type, []);
            text.Append(type.Name);
            return;
        }
        var arguments = type.GetGenericArguments();
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Nullable<>))
        {
            Append(text, arguments[0]);
            text.Append('?');
            return;
        }
        if (IsValueTuple(definition) && arguments.Length is >= 2 and <= 7)
        {
            text.Append('(');
            for (int i = 0; i < arguments.Length; i++)
            {
                if (i > 0) text.Append(", ");
                Append(text, arguments[i]);
            }
            text.Append(')');
            return;
        }
        int used = AppendDeclaringTypes(text, type, arguments);
        AppendNameWithArguments(text, type.Name, arguments, used);
    }

    /// <summary>Writes <c>Outer&lt;A&gt;.</c> for nested types; returns how many generic arguments the outer types took.</summary>
    private static int AppendDeclaringTypes(StringBuilder text, Type type, Type[] arguments)
    {
        if (!type.IsNested || type.IsGenericParameter) return 0;
        var chain = new List<Type>();
        for (var outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType) chain.Insert(0, outer);
        int used = 0;
        foreach (var outer in chain)
        {
            used = AppendNameWithArguments(text, outer.Name, arguments, used);
            text.Append('.');
        }
        return used;
    }

    /// <summary>Writes a metadata name such as <c>Env`2</c> as <c>Env&lt;A, B&gt;</c>, taking its arguments from <paramref name="used"/> on.</summary>
    private static int AppendNameWithArguments(StringBuilder text, string name, Type[] arguments, int used)
    {
        int tick = name.IndexOf('`');
        if (tick < 0)
        {
            text.Append(name);
            return used;
        }
        text.Append(name, 0, tick);
        int count = int.Parse(name.AsSpan(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
        text.Append('<');
        for (int i = 0; i < count; i++)
        {
            if (i > 0) text.Append(", ");
            if (used + i < arguments.Length) Append(text, arguments[used + i]);
        }
        text.Append('>');
        return used + count;
    }

    private static bool IsValueTuple(Type definition) =>
        definition.Namespace == "System" && definition.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);

    private static string? Keyword(Type type)
    {
        if (type == typeof(int)) return "int";
        if (type == typeof(float)) return "float";
        if (type == typeof(double)) return "double";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(long)) return "long";
        if (type == typeof(byte)) return "byte";
        if (type == typeof(string)) return "string";
        if (type == typeof(object)) return "object";
        if (type == typeof(sbyte)) return "sbyte";
        if (type == typeof(short)) return "short";
        if (type == typeof(ushort)) return "ushort";
        if (type == typeof(uint)) return "uint";
        if (type == typeof(ulong)) return "ulong";
        if (type == typeof(char)) return "char";
        if (type == typeof(decimal)) return "decimal";
        if (type == typeof(nint)) return "nint";
        if (type == typeof(nuint)) return "nuint";
        if (type == typeof(void)) return "void";
        return null;
    }
}
