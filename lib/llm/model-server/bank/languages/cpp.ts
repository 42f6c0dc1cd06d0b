import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// The solution carries its includes; the tests add a check helper and main().
const main = (checks: string) => `#include <cstdio>
#include <cstdlib>

static void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "check failed: %s\\n", what);
        std::exit(1);
    }
}

int main() {
${checks}
    return 0;
}`;

export const cpp: LanguageBank = {
  "sum-of-evens": {
    solution: `#include <vector>

// Returns the sum of the even numbers in \`numbers\` (0 when there are none).
long long sum_of_evens(const std::vector<long long>& numbers) {
    long long sum = 0;
    for (long long n : numbers) {
        if (n % 2 == 0) sum += n;
    }
    return sum;
}`,
    tests: main(`    check(sum_of_evens({1, 2, 3, 4}) == 6, "1..4");
    check(sum_of_evens({}) == 0, "empty");
    check(sum_of_evens({1, 3, 5}) == 0, "odd only");
    check(sum_of_evens({-2, -3, 4}) == 2, "negative evens");`),
    wrong: `#include <vector>

// Returns the sum of the even numbers in \`numbers\` (0 when there are none).
long long sum_of_evens(const std::vector<long long>& numbers) {
    long long sum = 0;
    for (long long n : numbers) {
        if (n % 2 == 0 && n > 0) sum += n;
    }
    return sum;
}`,
  },
  "is-palindrome": {
    solution: `#include <cctype>
#include <string>

// Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters.
bool is_palindrome(const std::string& text) {
    std::string kept;
    for (unsigned char c : text) {
        if (std::isalnum(c)) kept += static_cast<char>(std::tolower(c));
    }
    return std::string(kept.rbegin(), kept.rend()) == kept;
}`,
    tests: main(`    check(is_palindrome("A man, a plan, a canal: Panama"), "panama");
    check(is_palindrome(""), "empty");
    check(!is_palindrome("hello"), "hello");
    check(is_palindrome("No 'x' in Nixon"), "nixon");`),
    wrong: `#include <cctype>
#include <string>

// Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters.
bool is_palindrome(const std::string& text) {
    std::string kept;
    for (unsigned char c : text) {
        if (std::isalnum(c)) kept += static_cast<char>(c);
    }
    return std::string(kept.rbegin(), kept.rend()) == kept;
}`,
  },
  gcd: {
    solution: `// Greatest common divisor of two non-negative integers, by Euclid's algorithm.
unsigned long long gcd(unsigned long long a, unsigned long long b) {
    while (b != 0) {
        unsigned long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}`,
    tests: main(`    check(gcd(12, 18) == 6, "12, 18");
    check(gcd(17, 5) == 1, "coprime");
    check(gcd(0, 7) == 7, "zero first");
    check(gcd(0, 0) == 0, "both zero");`),
    wrong: `// Greatest common divisor of two non-negative integers, by Euclid's algorithm.
unsigned long long gcd(unsigned long long a, unsigned long long b) {
    while (b > 1) {
        unsigned long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}`,
  },
  fibonacci: {
    solution: `#include <cstdint>

// The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
std::int64_t fibonacci(int n) {
    std::int64_t a = 0, b = 1;
    for (int i = 0; i < n; ++i) {
        std::int64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}`,
    tests: main(`    check(fibonacci(0) == 0, "F(0)");
    check(fibonacci(1) == 1, "F(1)");
    check(fibonacci(10) == 55, "F(10)");
    check(fibonacci(90) == 2880067194370816120LL, "F(90)");`),
    wrong: `#include <cstdint>

// The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
std::int64_t fibonacci(int n) {
    std::int64_t a = 0, b = 1;
    for (int i = 1; i < n; ++i) {
        std::int64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}`,
  },
  "count-vowels": {
    solution: `#include <cctype>
#include <string>

// How many characters of \`text\` are vowels (a, e, i, o, u, either case).
int count_vowels(const std::string& text) {
    int count = 0;
    for (unsigned char c : text) {
        if (std::string("aeiou").find(static_cast<char>(std::tolower(c))) != std::string::npos) ++count;
    }
    return count;
}`,
    tests: main(`    check(count_vowels("Hello World") == 3, "hello world");
    check(count_vowels("") == 0, "empty");
    check(count_vowels("AEIOU") == 5, "upper case");
    check(count_vowels("rhythm") == 0, "no vowels");`),
    wrong: `#include <cctype>
#include <string>

// How many characters of \`text\` are vowels (a, e, i, o, u, either case).
int count_vowels(const std::string& text) {
    int count = 0;
    for (unsigned char c : text) {
        if (std::string("aeiou").find(static_cast<char>(c)) != std::string::npos) ++count;
    }
    return count;
}`,
  },
  "binary-search": {
    solution: `#include <vector>

// Index of \`target\` in the ascending vector \`items\`, or -1, in O(log n).
int binary_search(const std::vector<int>& items, int target) {
    int low = 0, high = static_cast<int>(items.size()) - 1;
    while (low <= high) {
        int middle = low + (high - low) / 2;
        if (items[middle] == target) return middle;
        if (items[middle] < target) low = middle + 1;
        else high = middle - 1;
    }
    return -1;
}`,
    tests: main(`    check(binary_search({1, 3, 5, 7, 9}, 7) == 3, "found");
    check(binary_search({1, 3, 5, 7, 9}, 9) == 4, "last");
    check(binary_search({1, 3, 5, 7, 9}, 4) == -1, "absent");
    check(binary_search({}, 1) == -1, "empty");`),
    wrong: `#include <vector>

// Index of \`target\` in the ascending vector \`items\`, or -1, in O(log n).
int binary_search(const std::vector<int>& items, int target) {
    int low = 0, high = static_cast<int>(items.size()) - 1;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (items[middle] == target) return middle;
        if (items[middle] < target) low = middle + 1;
        else high = middle - 1;
    }
    return -1;
}`,
  },
};
