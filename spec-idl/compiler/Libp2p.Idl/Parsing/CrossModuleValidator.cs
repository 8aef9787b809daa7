using Libp2p.Idl.Model;

namespace Libp2p.Idl.Parsing;

/// <summary>
/// Checks that need every module at once: unique module, type, interface and error names, unique
/// requirement IDs, type references that resolve, and acyclic <c>extends</c> chains.
/// </summary>
internal static class CrossModuleValidator
{
    public static void Validate(IReadOnlyList<IdlModule> modules, List<Diagnostic> diagnostics)
    {
        void Error(SourceLocation at, string message) => diagnostics.Add(new Diagnostic(at, message));

        var moduleNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IdlModule module in modules)
        {
            if (!moduleNames.TryAdd(module.Name, module.File))
            {
                Error(new SourceLocation(module.File, 1, 1), $"duplicate module '{module.Name}' (also in {moduleNames[module.Name]})");
            }
        }

        // Types and interfaces share one name space because both are referenced as types.
        var types = new Dictionary<string, (SourceLocation At, bool IsInterface)>(StringComparer.Ordinal);
        var errors = new Dictionary<string, IdlError>(StringComparer.Ordinal);
        var interfaces = new Dictionary<string, IdlInterface>(StringComparer.Ordinal);
        foreach (IdlModule module in modules)
        {
            foreach (var (name, at, isInterface) in module.Types.Select(t => (t.Name, t.Location, false))
                .Concat(module.Interfaces.Select(i => (i.Name, i.Location, true))))
            {
                if (IdlBuiltins.IsReserved(name))
                {
                    Error(at, $"'{name}' is a built-in type name and cannot be redeclared");
                }
                else if (!types.TryAdd(name, (at, isInterface)))
                {
                    Error(at, $"duplicate type or interface name '{name}' (first declared at {types[name].At})");
                }
            }
            foreach (IdlInterface i in module.Interfaces)
            {
                interfaces.TryAdd(i.Name, i);
            }
            foreach (IdlError e in module.Errors)
            {
                if (!errors.TryAdd(e.Name, e))
                {
                    Error(e.Location, $"duplicate error name '{e.Name}' (first declared at {errors[e.Name].Location})");
                }
            }
        }

        var requirementIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (IdlModule module in modules)
        {
            foreach (IdlRequirement r in module.Requirements)
            {
                if (!requirementIds.TryAdd(r.Id, r.Location))
                {
                    Error(r.Location, $"duplicate requirement ID '{r.Id}' (first declared at {requirementIds[r.Id]})");
                }
            }
        }

        void CheckType(TypeRef type)
        {
            if (type.Element is { } element)
            {
                CheckType(element);
            }
            else if (type.Name == IdlBuiltins.Disposable)
            {
                Error(type.Location, "'disposable' is only allowed in 'extends'");
            }
            else if (type.Name == IdlBuiltins.Void)
            {
                Error(type.Location, "'void' is only allowed as a method's 'returns'");
            }
            else if (!IdlBuiltins.ValueTypes.Contains(type.Name) && !types.ContainsKey(type.Name))
            {
                Error(type.Location, $"unknown type '{type.Name}' (not a built-in, nor a type or interface of any module)");
            }
        }

        foreach (IdlModule module in modules)
        {
            foreach (IdlTypeDef t in module.Types)
            {
                t.Fields.ToList().ForEach(f => CheckType(f.Type));
            }
            foreach (IdlInterface i in module.Interfaces)
            {
                foreach (IdlNameRef b in i.Extends)
                {
                    if (b.Name is not (IdlBuiltins.DuplexStream or IdlBuiltins.Disposable) && !interfaces.ContainsKey(b.Name))
                    {
                        Error(b.Location, $"interface '{i.Name}' extends unknown interface '{b.Name}'");
                    }
                }
                i.Properties.Concat(i.Events).ToList().ForEach(p => CheckType(p.Type));
                foreach (IdlMethod m in i.Methods)
                {
                    m.Params.ToList().ForEach(p => CheckType(p.Type));
                    if (m.Returns is { } returns)
                    {
                        CheckType(returns);
                    }
                }
                if (Cycle(i.Name, n => interfaces.TryGetValue(n, out var x) ? x.Extends.Select(e => e.Name) : []))
                {
                    Error(i.Location, $"interface '{i.Name}' extends itself through its base interfaces");
                }
            }
            foreach (IdlError e in module.Errors)
            {
                e.Fields.ToList().ForEach(f => CheckType(f.Type));
                if (e.Extends is { } b && !errors.ContainsKey(b.Name))
                {
                    Error(b.Location, $"error '{e.Name}' extends unknown error '{b.Name}'");
                }
                if (Cycle(e.Name, n => errors.TryGetValue(n, out var x) && x.Extends is { } y ? [y.Name] : []))
                {
                    Error(e.Location, $"error '{e.Name}' extends itself through its base errors");
                }
            }
        }
    }

    private static bool Cycle(string start, Func<string, IEnumerable<string>> bases)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(bases(start));
        while (pending.Count > 0)
        {
            string next = pending.Pop();
            if (next == start)
            {
                return true;
            }
            if (visited.Add(next))
            {
                foreach (string b in bases(next))
                {
                    pending.Push(b);
                }
            }
        }
        return false;
    }
}
