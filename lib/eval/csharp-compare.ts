/**
 * MBXP's C# tests compare with KellermanSoftware's CompareNetObjects (`new CompareLogic().Compare(a,
 * b).AreEqual`), a NuGet package the sandbox cannot fetch and Debian does not package. This is the
 * part of its API the tests use, in C# appended to the program: a deep comparison of values —
 * numbers by value, strings, sequences element by element, dictionaries by key, and any other object
 * (tuples among them) by its public fields and properties.
 */
export const CSHARP_COMPARE_NET_OBJECTS = String.raw`
namespace KellermanSoftware.CompareNetObjects
{
    public class ComparisonResult
    {
        public bool AreEqual { get; internal set; }
        public string DifferencesString { get; internal set; }
    }

    public class CompareLogic
    {
        public ComparisonResult Compare(object expected, object actual)
        {
            string difference = Difference(expected, actual, "value", 0);
            return new ComparisonResult { AreEqual = difference == null, DifferencesString = difference ?? "" };
        }

        static bool IsNumber(object value)
        {
            return value is sbyte || value is byte || value is short || value is ushort || value is int || value is uint
                || value is long || value is ulong || value is float || value is double || value is decimal;
        }

        static string Difference(object a, object b, string path, int depth)
        {
            if (a == null || b == null) return a == null && b == null ? null : path + ": one side is null";
            if (depth > 64) return null;
            if (IsNumber(a) && IsNumber(b))
                return System.Convert.ToDouble(a).Equals(System.Convert.ToDouble(b)) ? null : path + ": " + a + " != " + b;
            if (a is string || b is string || a is char || b is char || a is bool || b is bool)
                return a.Equals(b) ? null : path + ": " + a + " != " + b;
            var da = a as System.Collections.IDictionary;
            var db = b as System.Collections.IDictionary;
            if (da != null && db != null)
            {
                if (da.Count != db.Count) return path + ": " + da.Count + " entries != " + db.Count;
                foreach (System.Collections.DictionaryEntry entry in da)
                {
                    if (!db.Contains(entry.Key)) return path + ": no key " + entry.Key;
                    string inner = Difference(entry.Value, db[entry.Key], path + "[" + entry.Key + "]", depth + 1);
                    if (inner != null) return inner;
                }
                return null;
            }
            var ea = a as System.Collections.IEnumerable;
            var eb = b as System.Collections.IEnumerable;
            if (ea != null && eb != null)
            {
                var ia = ea.GetEnumerator();
                var ib = eb.GetEnumerator();
                for (int i = 0; ; i++)
                {
                    bool na = ia.MoveNext(), nb = ib.MoveNext();
                    if (na != nb) return path + ": lengths differ";
                    if (!na) return null;
                    string inner = Difference(ia.Current, ib.Current, path + "[" + i + "]", depth + 1);
                    if (inner != null) return inner;
                }
            }
            var type = a.GetType();
            if (type.IsPrimitive || type.IsEnum || type != b.GetType()) return a.Equals(b) ? null : path + ": " + a + " != " + b;
            var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance;
            foreach (var field in type.GetFields(flags))
            {
                string inner = Difference(field.GetValue(a), field.GetValue(b), path + "." + field.Name, depth + 1);
                if (inner != null) return inner;
            }
            foreach (var property in type.GetProperties(flags))
            {
                if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
                string inner = Difference(property.GetValue(a, null), property.GetValue(b, null), path + "." + property.Name, depth + 1);
                if (inner != null) return inner;
            }
            return null;
        }
    }
}
`;
