import type { LanguageBank } from "@/model-server/bank/types";

// Run as one file = solution + "\n\n" + tests: `g++ -std=c++17 main.cpp -o main && ./main`,
// exit 0 = pass. The solution carries its own #includes; the tests add <iostream> for messages.
const main = (checks: string) => `#include <iostream>

static int failures = 0;

static void check(bool condition, const char* description) {
    if (!condition) {
        std::cerr << "check failed: " << description << std::endl;
        ++failures;
    }
}

int main() {
${checks}
    return failures == 0 ? 0 : 1;
}`;

export const cpp: LanguageBank = {
  "sum-of-evens": {
    solution: `#include <vector>

// Returns the sum of the even numbers in \`numbers\`, or 0 when there are none.
long long sum_of_evens(const std::vector<int>& numbers) {
    long long sum = 0;
    for (int n : numbers) {
        if ((n & 1) == 0) {
            sum += n;
        }
    }
    return sum;
}`,
    tests: main(`    check(sum_of_evens({1, 2, 3, 4}) == 6, "1, 2, 3, 4");
    check(sum_of_evens({}) == 0, "empty vector");
    check(sum_of_evens({1, 3, 5}) == 0, "odd numbers only");
    check(sum_of_evens({-2, -3, 4}) == 2, "negative numbers");
    check(sum_of_evens({-4, -6}) == -10, "negative evens only");
    check(sum_of_evens({0, 7, 10}) == 10, "zero is even");`),
    // Bug: == binds tighter than &, so the test is n & (1 == 0), which is always 0.
    wrong: `#include <vector>

// Returns the sum of the even numbers in \`numbers\`, or 0 when there are none.
long long sum_of_evens(const std::vector<int>& numbers) {
    long long sum = 0;
    for (int n : numbers) {
        if (n & 1 == 0) {
            sum += n;
        }
    }
    return sum;
}`,
  },
  "is-palindrome": {
    solution: `#include <cctype>
#include <string>

// Whether \`text\` reads the same both ways, ignoring case and every character that is not an
// ASCII letter or digit (in the default "C" locale, std::isalnum is ASCII only).
bool is_palindrome(const std::string& text) {
    if (text.empty()) {
        return true;
    }
    std::size_t left = 0;
    std::size_t right = text.size() - 1;
    while (left < right) {
        unsigned char a = static_cast<unsigned char>(text[left]);
        unsigned char b = static_cast<unsigned char>(text[right]);
        if (!std::isalnum(a)) {
            ++left;
        } else if (!std::isalnum(b)) {
            --right;
        } else if (std::tolower(a) != std::tolower(b)) {
            return false;
        } else {
            ++left;
            --right;
        }
    }
    return true;
}`,
    tests: main(`    check(is_palindrome("A man, a plan, a canal: Panama"), "panama");
    check(is_palindrome(""), "empty string");
    check(!is_palindrome("race a car"), "race a car");
    check(is_palindrome("No 'x' in Nixon"), "nixon");
    check(!is_palindrome("0P"), "digit and letter differ");
    check(is_palindrome(".,!"), "punctuation only");
    check(is_palindrome("\\xC3\\xA9x"), "non-ASCII bytes (UTF-8 e-acute) are ignored");`),
    // Bug: std::isalpha skips digits, so "0P" is read as the palindrome "p".
    wrong: `#include <cctype>
#include <string>

// Whether \`text\` reads the same both ways, ignoring case and every character that is not an
// ASCII letter or digit (in the default "C" locale, std::isalnum is ASCII only).
bool is_palindrome(const std::string& text) {
    if (text.empty()) {
        return true;
    }
    std::size_t left = 0;
    std::size_t right = text.size() - 1;
    while (left < right) {
        unsigned char a = static_cast<unsigned char>(text[left]);
        unsigned char b = static_cast<unsigned char>(text[right]);
        if (!std::isalpha(a)) {
            ++left;
        } else if (!std::isalpha(b)) {
            --right;
        } else if (std::tolower(a) != std::tolower(b)) {
            return false;
        } else {
            ++left;
            --right;
        }
    }
    return true;
}`,
  },
  gcd: {
    solution: `#include <cstdint>
#include <utility>

// Greatest common divisor of two non-negative integers by Euclid's algorithm; gcd(0, 0) is 0.
std::uint64_t gcd(std::uint64_t a, std::uint64_t b) {
    while (b != 0) {
        a %= b;
        std::swap(a, b);
    }
    return a;
}`,
    tests: main(`    check(gcd(12, 18) == 6, "gcd(12, 18)");
    check(gcd(18, 12) == 6, "gcd(18, 12)");
    check(gcd(17, 5) == 1, "coprime");
    check(gcd(1071, 462) == 21, "gcd(1071, 462)");
    check(gcd(0, 7) == 7, "zero first");
    check(gcd(7, 0) == 7, "zero second");
    check(gcd(0, 0) == 0, "both zero");`),
    // Bug: stops as soon as a is 0 too, so gcd(0, 7) returns 0 instead of 7.
    wrong: `#include <cstdint>
#include <utility>

// Greatest common divisor of two non-negative integers by Euclid's algorithm; gcd(0, 0) is 0.
std::uint64_t gcd(std::uint64_t a, std::uint64_t b) {
    while (a != 0 && b != 0) {
        a %= b;
        std::swap(a, b);
    }
    return a;
}`,
  },
  fibonacci: {
    solution: `#include <cstdint>

// The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, computed iteratively.
std::int64_t fibonacci(int n) {
    std::int64_t previous = 0;
    std::int64_t current = 1;
    for (int i = 0; i < n; ++i) {
        std::int64_t next = previous + current;
        previous = current;
        current = next;
    }
    return previous;
}`,
    tests: main(`    check(fibonacci(0) == 0, "F(0)");
    check(fibonacci(1) == 1, "F(1)");
    check(fibonacci(2) == 1, "F(2)");
    check(fibonacci(10) == 55, "F(10)");
    check(fibonacci(50) == 12586269025LL, "F(50)");
    check(fibonacci(90) == 2880067194370816120LL, "F(90)");`),
    // Bug: <= runs the loop once too often, returning F(n + 1).
    wrong: `#include <cstdint>

// The n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, computed iteratively.
std::int64_t fibonacci(int n) {
    std::int64_t previous = 0;
    std::int64_t current = 1;
    for (int i = 0; i <= n; ++i) {
        std::int64_t next = previous + current;
        previous = current;
        current = next;
    }
    return previous;
}`,
  },
  "count-vowels": {
    solution: `#include <cctype>
#include <string>

// How many characters of \`text\` are vowels (a, e, i, o, u, in either case).
int count_vowels(const std::string& text) {
    int count = 0;
    for (char c : text) {
        switch (std::tolower(static_cast<unsigned char>(c))) {
            case 'a':
            case 'e':
            case 'i':
            case 'o':
            case 'u':
                ++count;
                break;
            default:
                break;
        }
    }
    return count;
}`,
    tests: main(`    check(count_vowels("Hello World") == 3, "hello world");
    check(count_vowels("") == 0, "empty string");
    check(count_vowels("AEIOU") == 5, "upper case");
    check(count_vowels("rhythm") == 0, "no vowels");
    check(count_vowels("Programming Is Fun") == 5, "mixed case");
    check(count_vowels("Banana Bread") == 5, "repeated a");`),
    // Bug: the case for 'u' is missing.
    wrong: `#include <cctype>
#include <string>

// How many characters of \`text\` are vowels (a, e, i, o, u, in either case).
int count_vowels(const std::string& text) {
    int count = 0;
    for (char c : text) {
        switch (std::tolower(static_cast<unsigned char>(c))) {
            case 'a':
            case 'e':
            case 'i':
            case 'o':
                ++count;
                break;
            default:
                break;
        }
    }
    return count;
}`,
  },
  "binary-search": {
    solution: `#include <vector>

// Index of \`target\` in the ascending, duplicate-free \`items\`, or -1 when absent; O(log n).
int binary_search(const std::vector<int>& items, int target) {
    int low = 0;
    int high = static_cast<int>(items.size()) - 1;
    while (low <= high) {
        int middle = low + (high - low) / 2;
        if (items[middle] == target) {
            return middle;
        } else if (items[middle] < target) {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return -1;
}`,
    tests: main(`    const std::vector<int> items = {1, 3, 5, 7, 9};
    check(binary_search(items, 1) == 0, "first");
    check(binary_search(items, 5) == 2, "middle");
    check(binary_search(items, 7) == 3, "right half");
    check(binary_search(items, 9) == 4, "last");
    check(binary_search(items, 4) == -1, "absent, between");
    check(binary_search(items, 10) == -1, "absent, above");
    check(binary_search({}, 1) == -1, "empty vector");
    check(binary_search({42}, 42) == 0, "single element");`),
    // Bug: < instead of <= never looks at the last remaining candidate.
    wrong: `#include <vector>

// Index of \`target\` in the ascending, duplicate-free \`items\`, or -1 when absent; O(log n).
int binary_search(const std::vector<int>& items, int target) {
    int low = 0;
    int high = static_cast<int>(items.size()) - 1;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (items[middle] == target) {
            return middle;
        } else if (items[middle] < target) {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return -1;
}`,
  },
};
