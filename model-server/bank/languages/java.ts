import type { LanguageBank } from "@/model-server/bank/types";

// Run as Main.java = solution + "\n\n" + tests: `javac Main.java && java Main`, exit 0 = pass.
// The solution is a non-public `class Solution` (it holds every import, which must come first);
// the tests are `public class Main`. Checks are explicit, so they hold without `-ea`.
const main = (checks: string) => `public class Main {
    static void check(boolean condition, String description) {
        if (!condition) {
            throw new AssertionError("check failed: " + description);
        }
    }

    public static void main(String[] args) {
${checks}
        System.out.println("all checks passed");
    }
}`;

export const java: LanguageBank = {
  "sum-of-evens": {
    solution: `class Solution {
    /** Returns the sum of the even numbers in {@code numbers}, or 0 when there are none. */
    static int sumOfEvens(int[] numbers) {
        int sum = 0;
        for (int n : numbers) {
            if (n % 2 == 0) {
                sum += n;
            }
        }
        return sum;
    }
}`,
    tests: main(`        check(Solution.sumOfEvens(new int[] {1, 2, 3, 4}) == 6, "1, 2, 3, 4");
        check(Solution.sumOfEvens(new int[] {}) == 0, "empty array");
        check(Solution.sumOfEvens(new int[] {1, 3, 5}) == 0, "odd numbers only");
        check(Solution.sumOfEvens(new int[] {-2, -3, 4}) == 2, "negative numbers");
        check(Solution.sumOfEvens(new int[] {-4, -6}) == -10, "negative evens only");
        check(Solution.sumOfEvens(new int[] {0, 7, 10}) == 10, "zero is even");`),
    // Bug: in Java a negative odd number % 2 is -1, not 1, so -3 is summed as if it were even.
    wrong: `class Solution {
    /** Returns the sum of the even numbers in {@code numbers}, or 0 when there are none. */
    static int sumOfEvens(int[] numbers) {
        int sum = 0;
        for (int n : numbers) {
            if (n % 2 != 1) {
                sum += n;
            }
        }
        return sum;
    }
}`,
  },
  "is-palindrome": {
    solution: `class Solution {
    /**
     * Whether {@code text} reads the same both ways, ignoring case and every character that is
     * not an ASCII letter or digit. The empty string is a palindrome.
     */
    static boolean isPalindrome(String text) {
        int left = 0;
        int right = text.length() - 1;
        while (left < right) {
            char a = text.charAt(left);
            char b = text.charAt(right);
            if (!isAsciiLetterOrDigit(a)) {
                left++;
            } else if (!isAsciiLetterOrDigit(b)) {
                right--;
            } else if (Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            } else {
                left++;
                right--;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}`,
    tests: main(`        check(Solution.isPalindrome("A man, a plan, a canal: Panama"), "panama");
        check(Solution.isPalindrome(""), "empty string");
        check(!Solution.isPalindrome("race a car"), "race a car");
        check(Solution.isPalindrome("No 'x' in Nixon"), "nixon");
        check(!Solution.isPalindrome("0P"), "digit and letter differ");
        check(Solution.isPalindrome(".,!"), "punctuation only");
        check(Solution.isPalindrome("\\u00e9x"), "non-ASCII letters are ignored");`),
    // Bug: Character.isLetterOrDigit accepts every Unicode letter, not only ASCII ones.
    wrong: `class Solution {
    /**
     * Whether {@code text} reads the same both ways, ignoring case and every character that is
     * not an ASCII letter or digit. The empty string is a palindrome.
     */
    static boolean isPalindrome(String text) {
        int left = 0;
        int right = text.length() - 1;
        while (left < right) {
            char a = text.charAt(left);
            char b = text.charAt(right);
            if (!Character.isLetterOrDigit(a)) {
                left++;
            } else if (!Character.isLetterOrDigit(b)) {
                right--;
            } else if (Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            } else {
                left++;
                right--;
            }
        }
        return true;
    }
}`,
  },
  gcd: {
    solution: `class Solution {
    /** Greatest common divisor of two non-negative integers by Euclid's algorithm; gcd(0, 0) is 0. */
    static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}`,
    tests: main(`        check(Solution.gcd(12, 18) == 6, "gcd(12, 18)");
        check(Solution.gcd(18, 12) == 6, "gcd(18, 12)");
        check(Solution.gcd(17, 5) == 1, "coprime");
        check(Solution.gcd(1071, 462) == 21, "gcd(1071, 462)");
        check(Solution.gcd(0, 7) == 7, "zero first");
        check(Solution.gcd(7, 0) == 7, "zero second");
        check(Solution.gcd(0, 0) == 0, "both zero");`),
    // Bug: tests a % b before checking b, so a zero divisor throws ArithmeticException.
    wrong: `class Solution {
    /** Greatest common divisor of two non-negative integers by Euclid's algorithm; gcd(0, 0) is 0. */
    static int gcd(int a, int b) {
        return a % b == 0 ? b : gcd(b, a % b);
    }
}`,
  },
  fibonacci: {
    solution: `class Solution {
    /** The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, computed iteratively. */
    static long fibonacci(int n) {
        long previous = 0;
        long current = 1;
        for (int i = 0; i < n; i++) {
            long next = previous + current;
            previous = current;
            current = next;
        }
        return previous;
    }
}`,
    tests: main(`        check(Solution.fibonacci(0) == 0L, "F(0)");
        check(Solution.fibonacci(1) == 1L, "F(1)");
        check(Solution.fibonacci(2) == 1L, "F(2)");
        check(Solution.fibonacci(10) == 55L, "F(10)");
        check(Solution.fibonacci(50) == 12586269025L, "F(50)");
        check(Solution.fibonacci(90) == 2880067194370816120L, "F(90)");`),
    // Bug: int accumulators overflow past F(46); the result is only widened to long at the end.
    wrong: `class Solution {
    /** The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, computed iteratively. */
    static long fibonacci(int n) {
        int previous = 0;
        int current = 1;
        for (int i = 0; i < n; i++) {
            int next = previous + current;
            previous = current;
            current = next;
        }
        return previous;
    }
}`,
  },
  "count-vowels": {
    solution: `class Solution {
    /** How many characters of {@code text} are vowels (a, e, i, o, u, in either case). */
    static int countVowels(String text) {
        int count = 0;
        for (char c : text.toCharArray()) {
            if ("aeiouAEIOU".indexOf(c) >= 0) {
                count++;
            }
        }
        return count;
    }
}`,
    tests: main(`        check(Solution.countVowels("Hello World") == 3, "hello world");
        check(Solution.countVowels("") == 0, "empty string");
        check(Solution.countVowels("AEIOU") == 5, "upper case");
        check(Solution.countVowels("rhythm") == 0, "no vowels");
        check(Solution.countVowels("Programming Is Fun") == 5, "mixed case");
        check(Solution.countVowels("Banana Bread") == 5, "repeated a");`),
    // Bug: indexOf returns 0 for 'a', so "> 0" never counts a lower-case a.
    wrong: `class Solution {
    /** How many characters of {@code text} are vowels (a, e, i, o, u, in either case). */
    static int countVowels(String text) {
        int count = 0;
        for (char c : text.toCharArray()) {
            if ("aeiouAEIOU".indexOf(c) > 0) {
                count++;
            }
        }
        return count;
    }
}`,
  },
  "binary-search": {
    solution: `class Solution {
    /** Index of {@code target} in the ascending, duplicate-free {@code items}, or -1; O(log n). */
    static int binarySearch(int[] items, int target) {
        int low = 0;
        int high = items.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (items[middle] == target) {
                return middle;
            } else if (items[middle] < target) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }
}`,
    tests: main(`        int[] items = {1, 3, 5, 7, 9};
        check(Solution.binarySearch(items, 1) == 0, "first");
        check(Solution.binarySearch(items, 5) == 2, "middle");
        check(Solution.binarySearch(items, 7) == 3, "right half");
        check(Solution.binarySearch(items, 9) == 4, "last");
        check(Solution.binarySearch(items, 4) == -1, "absent, between");
        check(Solution.binarySearch(items, 10) == -1, "absent, above");
        check(Solution.binarySearch(new int[] {}, 1) == -1, "empty array");
        check(Solution.binarySearch(new int[] {42}, 42) == 0, "single element");`),
    // Bug: returns Arrays.binarySearch's "-(insertion point) - 1" instead of -1 when absent.
    wrong: `class Solution {
    /** Index of {@code target} in the ascending, duplicate-free {@code items}, or -1; O(log n). */
    static int binarySearch(int[] items, int target) {
        int low = 0;
        int high = items.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (items[middle] == target) {
                return middle;
            } else if (items[middle] < target) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -(low + 1);
    }
}`,
  },
};
