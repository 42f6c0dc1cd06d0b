import type { LanguageBank } from "@/model-server/bank/types";

// Run as one file = solution + "\n\n" + tests: `mcs -out:t.exe main.cs && mono t.exe`, exit 0 = pass.
// The solution's `using` directives come first and serve the tests too (C# 7.2 or older syntax).
// Mono can exit 0 on an uncaught exception, so the tests catch everything and call Environment.Exit(1).
const main = (checks: string) => `public static class Program
{
    static int failures = 0;

    static void Check(bool condition, string description)
    {
        if (!condition)
        {
            Console.Error.WriteLine("check failed: " + description);
            failures++;
        }
    }

    public static void Main()
    {
        try
        {
${checks}
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("unexpected exception: " + e);
            Environment.Exit(1);
        }
        Environment.Exit(failures == 0 ? 0 : 1);
    }
}`;

export const csharp: LanguageBank = {
  "sum-of-evens": {
    solution: `using System;
using System.Collections.Generic;
using System.Linq;

public static class Solution
{
    /// <summary>Returns the sum of the even numbers in <paramref name="numbers"/>, or 0 when there are none.</summary>
    public static int SumOfEvens(IEnumerable<int> numbers)
    {
        return numbers.Where(n => n % 2 == 0).Sum();
    }
}`,
    tests: main(`            Check(Solution.SumOfEvens(new[] { 1, 2, 3, 4 }) == 6, "1, 2, 3, 4");
            Check(Solution.SumOfEvens(new int[0]) == 0, "empty array");
            Check(Solution.SumOfEvens(new[] { 1, 3, 5 }) == 0, "odd numbers only");
            Check(Solution.SumOfEvens(new[] { -2, -3, 4 }) == 2, "negative numbers");
            Check(Solution.SumOfEvens(new[] { -4, -6 }) == -10, "negative evens only");
            Check(Solution.SumOfEvens(new List<int> { 0, 7, 10 }) == 10, "zero is even");`),
    // Bug: the extra n > 0 drops negative even numbers.
    wrong: `using System;
using System.Collections.Generic;
using System.Linq;

public static class Solution
{
    /// <summary>Returns the sum of the even numbers in <paramref name="numbers"/>, or 0 when there are none.</summary>
    public static int SumOfEvens(IEnumerable<int> numbers)
    {
        return numbers.Where(n => n > 0 && n % 2 == 0).Sum();
    }
}`,
  },
  "is-palindrome": {
    solution: `using System;

public static class Solution
{
    /// <summary>
    /// Whether <paramref name="text"/> reads the same both ways, ignoring case and every character
    /// that is not an ASCII letter or digit. The empty string is a palindrome.
    /// </summary>
    public static bool IsPalindrome(string text)
    {
        int left = 0;
        int right = text.Length - 1;
        while (left < right)
        {
            if (!IsAsciiLetterOrDigit(text[left]))
            {
                left++;
            }
            else if (!IsAsciiLetterOrDigit(text[right]))
            {
                right--;
            }
            else if (char.ToLowerInvariant(text[left]) != char.ToLowerInvariant(text[right]))
            {
                return false;
            }
            else
            {
                left++;
                right--;
            }
        }
        return true;
    }

    private static bool IsAsciiLetterOrDigit(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}`,
    tests: main(`            Check(Solution.IsPalindrome("A man, a plan, a canal: Panama"), "panama");
            Check(Solution.IsPalindrome(""), "empty string");
            Check(!Solution.IsPalindrome("race a car"), "race a car");
            Check(Solution.IsPalindrome("No 'x' in Nixon"), "nixon");
            Check(!Solution.IsPalindrome("0P"), "digit and letter differ");
            Check(Solution.IsPalindrome(".,!"), "punctuation only");
            Check(Solution.IsPalindrome("\\u00e9x"), "non-ASCII letters are ignored");`),
    // Bug: digits are skipped like punctuation, so "0P" is read as the palindrome "p".
    wrong: `using System;

public static class Solution
{
    /// <summary>
    /// Whether <paramref name="text"/> reads the same both ways, ignoring case and every character
    /// that is not an ASCII letter or digit. The empty string is a palindrome.
    /// </summary>
    public static bool IsPalindrome(string text)
    {
        int left = 0;
        int right = text.Length - 1;
        while (left < right)
        {
            if (!IsAsciiLetterOrDigit(text[left]))
            {
                left++;
            }
            else if (!IsAsciiLetterOrDigit(text[right]))
            {
                right--;
            }
            else if (char.ToLowerInvariant(text[left]) != char.ToLowerInvariant(text[right]))
            {
                return false;
            }
            else
            {
                left++;
                right--;
            }
        }
        return true;
    }

    private static bool IsAsciiLetterOrDigit(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}`,
  },
  gcd: {
    solution: `using System;

public static class Solution
{
    /// <summary>Greatest common divisor of two non-negative integers by Euclid's algorithm; Gcd(0, 0) is 0.</summary>
    public static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            int remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }
}`,
    tests: main(`            Check(Solution.Gcd(12, 18) == 6, "Gcd(12, 18)");
            Check(Solution.Gcd(18, 12) == 6, "Gcd(18, 12)");
            Check(Solution.Gcd(17, 5) == 1, "coprime");
            Check(Solution.Gcd(1071, 462) == 21, "Gcd(1071, 462)");
            Check(Solution.Gcd(0, 7) == 7, "zero first");
            Check(Solution.Gcd(7, 0) == 7, "zero second");
            Check(Solution.Gcd(0, 0) == 0, "both zero");`),
    // Bug: treats a zero argument as "no common divisor", but gcd(0, b) is b.
    wrong: `using System;

public static class Solution
{
    /// <summary>Greatest common divisor of two non-negative integers by Euclid's algorithm; Gcd(0, 0) is 0.</summary>
    public static int Gcd(int a, int b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }
        while (b != 0)
        {
            int remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }
}`,
  },
  fibonacci: {
    solution: `using System;

public static class Solution
{
    /// <summary>The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 &lt;= n &lt;= 90, computed iteratively.</summary>
    public static long Fibonacci(int n)
    {
        long previous = 0;
        long current = 1;
        for (int i = 0; i < n; i++)
        {
            long next = previous + current;
            previous = current;
            current = next;
        }
        return previous;
    }
}`,
    tests: main(`            Check(Solution.Fibonacci(0) == 0L, "F(0)");
            Check(Solution.Fibonacci(1) == 1L, "F(1)");
            Check(Solution.Fibonacci(2) == 1L, "F(2)");
            Check(Solution.Fibonacci(10) == 55L, "F(10)");
            Check(Solution.Fibonacci(50) == 12586269025L, "F(50)");
            Check(Solution.Fibonacci(90) == 2880067194370816120L, "F(90)");`),
    // Bug: starting the loop at 1 runs it once too few times, returning F(n - 1).
    wrong: `using System;

public static class Solution
{
    /// <summary>The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 &lt;= n &lt;= 90, computed iteratively.</summary>
    public static long Fibonacci(int n)
    {
        long previous = 0;
        long current = 1;
        for (int i = 1; i < n; i++)
        {
            long next = previous + current;
            previous = current;
            current = next;
        }
        return previous;
    }
}`,
  },
  "count-vowels": {
    solution: `using System;
using System.Linq;

public static class Solution
{
    private const string Vowels = "aeiouAEIOU";

    /// <summary>How many characters of <paramref name="text"/> are vowels (a, e, i, o, u, in either case).</summary>
    public static int CountVowels(string text)
    {
        return text.Count(c => Vowels.IndexOf(c) >= 0);
    }
}`,
    tests: main(`            Check(Solution.CountVowels("Hello World") == 3, "hello world");
            Check(Solution.CountVowels("") == 0, "empty string");
            Check(Solution.CountVowels("AEIOU") == 5, "upper case");
            Check(Solution.CountVowels("rhythm") == 0, "no vowels");
            Check(Solution.CountVowels("Programming Is Fun") == 5, "mixed case");
            Check(Solution.CountVowels("Banana Bread") == 5, "repeated a");`),
    // Bug: y is counted as a vowel.
    wrong: `using System;
using System.Linq;

public static class Solution
{
    private const string Vowels = "aeiouyAEIOUY";

    /// <summary>How many characters of <paramref name="text"/> are vowels (a, e, i, o, u, in either case).</summary>
    public static int CountVowels(string text)
    {
        return text.Count(c => Vowels.IndexOf(c) >= 0);
    }
}`,
  },
  "binary-search": {
    solution: `using System;
using System.Collections.Generic;

public static class Solution
{
    /// <summary>Index of <paramref name="target"/> in the ascending, duplicate-free <paramref name="items"/>, or -1; O(log n).</summary>
    public static int BinarySearch(IReadOnlyList<int> items, int target)
    {
        int low = 0;
        int high = items.Count - 1;
        while (low <= high)
        {
            int middle = low + (high - low) / 2;
            if (items[middle] == target)
            {
                return middle;
            }
            if (items[middle] < target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }
}`,
    tests: main(`            int[] items = { 1, 3, 5, 7, 9 };
            Check(Solution.BinarySearch(items, 1) == 0, "first");
            Check(Solution.BinarySearch(items, 5) == 2, "middle");
            Check(Solution.BinarySearch(items, 7) == 3, "right half");
            Check(Solution.BinarySearch(items, 9) == 4, "last");
            Check(Solution.BinarySearch(items, 4) == -1, "absent, between");
            Check(Solution.BinarySearch(items, 10) == -1, "absent, above");
            Check(Solution.BinarySearch(new int[0], 1) == -1, "empty array");
            Check(Solution.BinarySearch(new List<int> { 42 }, 42) == 0, "single element");`),
    // Bug: the comparison is reversed, so the search moves away from the target.
    wrong: `using System;
using System.Collections.Generic;

public static class Solution
{
    /// <summary>Index of <paramref name="target"/> in the ascending, duplicate-free <paramref name="items"/>, or -1; O(log n).</summary>
    public static int BinarySearch(IReadOnlyList<int> items, int target)
    {
        int low = 0;
        int high = items.Count - 1;
        while (low <= high)
        {
            int middle = low + (high - low) / 2;
            if (items[middle] == target)
            {
                return middle;
            }
            if (items[middle] > target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }
}`,
  },
};
