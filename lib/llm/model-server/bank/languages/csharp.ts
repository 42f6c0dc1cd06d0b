import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// C# 7.2 (Mono's mcs). Tests exit with code 1 on a failed check: Mono can exit 0 on an uncaught exception.
const main = (checks: string) => `public static class Program
{
    static void Check(bool condition, string what)
    {
        if (!condition)
        {
            System.Console.Error.WriteLine("check failed: " + what);
            System.Environment.Exit(1);
        }
    }

    public static void Main()
    {
${checks}
    }
}`;

export const csharp: LanguageBank = {
  "sum-of-evens": {
    solution: `using System.Linq;

public static class Solution
{
    /// <summary>Returns the sum of the even numbers in <paramref name="numbers"/> (0 when there are none).</summary>
    public static int SumOfEvens(int[] numbers)
    {
        return numbers.Where(n => n % 2 == 0).Sum();
    }
}`,
    tests: main(`        Check(Solution.SumOfEvens(new[] { 1, 2, 3, 4 }) == 6, "1..4");
        Check(Solution.SumOfEvens(new int[0]) == 0, "empty");
        Check(Solution.SumOfEvens(new[] { 1, 3, 5 }) == 0, "odd only");
        Check(Solution.SumOfEvens(new[] { -2, -3, 4 }) == 2, "negative evens");`),
    wrong: `using System.Linq;

public static class Solution
{
    /// <summary>Returns the sum of the even numbers in <paramref name="numbers"/> (0 when there are none).</summary>
    public static int SumOfEvens(int[] numbers)
    {
        return numbers.Where(n => n % 2 == 0 && n > 0).Sum();
    }
}`,
  },
  "is-palindrome": {
    solution: `using System.Linq;

public static class Solution
{
    /// <summary>Whether the text reads the same both ways, ignoring case and non-alphanumeric characters.</summary>
    public static bool IsPalindrome(string text)
    {
        var kept = new string(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return kept.SequenceEqual(kept.Reverse());
    }
}`,
    tests: main(`        Check(Solution.IsPalindrome("A man, a plan, a canal: Panama"), "panama");
        Check(Solution.IsPalindrome(""), "empty");
        Check(!Solution.IsPalindrome("hello"), "hello");
        Check(Solution.IsPalindrome("No 'x' in Nixon"), "nixon");`),
    wrong: `using System.Linq;

public static class Solution
{
    /// <summary>Whether the text reads the same both ways, ignoring case and non-alphanumeric characters.</summary>
    public static bool IsPalindrome(string text)
    {
        var kept = new string(text.Where(char.IsLetterOrDigit).ToArray());
        return kept.SequenceEqual(kept.Reverse());
    }
}`,
  },
  gcd: {
    solution: `public static class Solution
{
    /// <summary>Greatest common divisor of two non-negative integers, by Euclid's algorithm.</summary>
    public static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
    tests: main(`        Check(Solution.Gcd(12, 18) == 6, "12, 18");
        Check(Solution.Gcd(17, 5) == 1, "coprime");
        Check(Solution.Gcd(0, 7) == 7, "zero first");
        Check(Solution.Gcd(0, 0) == 0, "both zero");`),
    wrong: `public static class Solution
{
    /// <summary>Greatest common divisor of two non-negative integers, by Euclid's algorithm.</summary>
    public static int Gcd(int a, int b)
    {
        while (b > 1)
        {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
  },
  fibonacci: {
    solution: `public static class Solution
{
    /// <summary>The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.</summary>
    public static long Fibonacci(int n)
    {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++)
        {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
    tests: main(`        Check(Solution.Fibonacci(0) == 0, "F(0)");
        Check(Solution.Fibonacci(1) == 1, "F(1)");
        Check(Solution.Fibonacci(10) == 55, "F(10)");
        Check(Solution.Fibonacci(90) == 2880067194370816120L, "F(90)");`),
    wrong: `public static class Solution
{
    /// <summary>The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.</summary>
    public static long Fibonacci(int n)
    {
        long a = 0, b = 1;
        for (int i = 1; i < n; i++)
        {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
  },
  "count-vowels": {
    solution: `using System.Linq;

public static class Solution
{
    /// <summary>How many characters of the text are vowels (a, e, i, o, u, either case).</summary>
    public static int CountVowels(string text)
    {
        return text.ToLowerInvariant().Count(c => "aeiou".IndexOf(c) >= 0);
    }
}`,
    tests: main(`        Check(Solution.CountVowels("Hello World") == 3, "hello world");
        Check(Solution.CountVowels("") == 0, "empty");
        Check(Solution.CountVowels("AEIOU") == 5, "upper case");
        Check(Solution.CountVowels("rhythm") == 0, "no vowels");`),
    wrong: `using System.Linq;

public static class Solution
{
    /// <summary>How many characters of the text are vowels (a, e, i, o, u, either case).</summary>
    public static int CountVowels(string text)
    {
        return text.Count(c => "aeiou".IndexOf(c) >= 0);
    }
}`,
  },
  "binary-search": {
    solution: `public static class Solution
{
    /// <summary>Index of the target in the ascending array, or -1, in O(log n).</summary>
    public static int BinarySearch(int[] items, int target)
    {
        int low = 0, high = items.Length - 1;
        while (low <= high)
        {
            int middle = low + (high - low) / 2;
            if (items[middle] == target) return middle;
            if (items[middle] < target) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}`,
    tests: main(`        Check(Solution.BinarySearch(new[] { 1, 3, 5, 7, 9 }, 7) == 3, "found");
        Check(Solution.BinarySearch(new[] { 1, 3, 5, 7, 9 }, 9) == 4, "last");
        Check(Solution.BinarySearch(new[] { 1, 3, 5, 7, 9 }, 4) == -1, "absent");
        Check(Solution.BinarySearch(new int[0], 1) == -1, "empty");`),
    wrong: `public static class Solution
{
    /// <summary>Index of the target in the ascending array, or -1, in O(log n).</summary>
    public static int BinarySearch(int[] items, int target)
    {
        int low = 0, high = items.Length - 1;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (items[middle] == target) return middle;
            if (items[middle] < target) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}`,
  },
};
