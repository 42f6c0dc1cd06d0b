import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// Saved as Main.java: the solution's `class Solution`, then the tests' `public class Main`.
const main = (checks: string) => `public class Main {
    static void check(boolean condition, String what) {
        if (!condition) {
            System.err.println("check failed: " + what);
            System.exit(1);
        }
    }

    public static void main(String[] args) {
${checks}
    }
}`;

export const java: LanguageBank = {
  "sum-of-evens": {
    solution: `class Solution {
    /** Returns the sum of the even numbers in {@code numbers} (0 when there are none). */
    static int sumOfEvens(int[] numbers) {
        int sum = 0;
        for (int n : numbers) {
            if (n % 2 == 0) sum += n;
        }
        return sum;
    }
}`,
    tests: main(`        check(Solution.sumOfEvens(new int[] {1, 2, 3, 4}) == 6, "1..4");
        check(Solution.sumOfEvens(new int[] {}) == 0, "empty");
        check(Solution.sumOfEvens(new int[] {1, 3, 5}) == 0, "odd only");
        check(Solution.sumOfEvens(new int[] {-2, -3, 4}) == 2, "negative evens");`),
    wrong: `class Solution {
    /** Returns the sum of the even numbers in {@code numbers} (0 when there are none). */
    static int sumOfEvens(int[] numbers) {
        int sum = 0;
        for (int n : numbers) {
            if (n % 2 == 0 && n > 0) sum += n;
        }
        return sum;
    }
}`,
  },
  "is-palindrome": {
    solution: `class Solution {
    /** Whether {@code text} reads the same both ways, ignoring case and non-alphanumeric characters. */
    static boolean isPalindrome(String text) {
        String kept = text.toLowerCase().replaceAll("[^a-z0-9]", "");
        return new StringBuilder(kept).reverse().toString().equals(kept);
    }
}`,
    tests: main(`        check(Solution.isPalindrome("A man, a plan, a canal: Panama"), "panama");
        check(Solution.isPalindrome(""), "empty");
        check(!Solution.isPalindrome("hello"), "hello");
        check(Solution.isPalindrome("No 'x' in Nixon"), "nixon");`),
    wrong: `class Solution {
    /** Whether {@code text} reads the same both ways, ignoring case and non-alphanumeric characters. */
    static boolean isPalindrome(String text) {
        String kept = text.replaceAll("[^a-zA-Z0-9]", "");
        return new StringBuilder(kept).reverse().toString().equals(kept);
    }
}`,
  },
  gcd: {
    solution: `class Solution {
    /** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
    tests: main(`        check(Solution.gcd(12, 18) == 6, "12, 18");
        check(Solution.gcd(17, 5) == 1, "coprime");
        check(Solution.gcd(0, 7) == 7, "zero first");
        check(Solution.gcd(0, 0) == 0, "both zero");`),
    wrong: `class Solution {
    /** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
    static int gcd(int a, int b) {
        while (b > 1) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
  },
  fibonacci: {
    solution: `class Solution {
    /** The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits. */
    static long fibonacci(int n) {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
    tests: main(`        check(Solution.fibonacci(0) == 0L, "F(0)");
        check(Solution.fibonacci(1) == 1L, "F(1)");
        check(Solution.fibonacci(10) == 55L, "F(10)");
        check(Solution.fibonacci(90) == 2880067194370816120L, "F(90)");`),
    wrong: `class Solution {
    /** The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits. */
    static long fibonacci(int n) {
        long a = 0, b = 1;
        for (int i = 1; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
}`,
  },
  "count-vowels": {
    solution: `class Solution {
    /** How many characters of {@code text} are vowels (a, e, i, o, u, either case). */
    static int countVowels(String text) {
        int count = 0;
        for (char c : text.toLowerCase().toCharArray()) {
            if ("aeiou".indexOf(c) >= 0) count++;
        }
        return count;
    }
}`,
    tests: main(`        check(Solution.countVowels("Hello World") == 3, "hello world");
        check(Solution.countVowels("") == 0, "empty");
        check(Solution.countVowels("AEIOU") == 5, "upper case");
        check(Solution.countVowels("rhythm") == 0, "no vowels");`),
    wrong: `class Solution {
    /** How many characters of {@code text} are vowels (a, e, i, o, u, either case). */
    static int countVowels(String text) {
        int count = 0;
        for (char c : text.toCharArray()) {
            if ("aeiou".indexOf(c) >= 0) count++;
        }
        return count;
    }
}`,
  },
  "binary-search": {
    solution: `class Solution {
    /** Index of {@code target} in the ascending array {@code items}, or -1, in O(log n). */
    static int binarySearch(int[] items, int target) {
        int low = 0, high = items.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (items[middle] == target) return middle;
            if (items[middle] < target) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}`,
    tests: main(`        check(Solution.binarySearch(new int[] {1, 3, 5, 7, 9}, 7) == 3, "found");
        check(Solution.binarySearch(new int[] {1, 3, 5, 7, 9}, 9) == 4, "last");
        check(Solution.binarySearch(new int[] {1, 3, 5, 7, 9}, 4) == -1, "absent");
        check(Solution.binarySearch(new int[] {}, 1) == -1, "empty");`),
    wrong: `class Solution {
    /** Index of {@code target} in the ascending array {@code items}, or -1, in O(log n). */
    static int binarySearch(int[] items, int target) {
        int low = 0, high = items.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (items[middle] == target) return middle;
            if (items[middle] < target) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}`,
  },
};
