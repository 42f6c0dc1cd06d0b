import type { LanguageBank } from "@/model-server/bank/types";

// Run as one file = solution + "\n\n" + tests: `rustc --edition 2021 --test main.rs -o t && ./t`,
// exit 0 = pass. The tests are a `#[cfg(test)] mod tests` that uses the solution through `super::*`.
const tests = (body: string) => `#[cfg(test)]
mod tests {
    use super::*;

${body}
}`;

export const rust: LanguageBank = {
  "sum-of-evens": {
    solution: `/// Returns the sum of the even numbers in \`numbers\`, or 0 when there are none.
pub fn sum_of_evens(numbers: &[i64]) -> i64 {
    numbers.iter().filter(|&&n| n % 2 == 0).sum()
}`,
    tests: tests(`    #[test]
    fn sums_the_even_numbers() {
        assert_eq!(sum_of_evens(&[1, 2, 3, 4]), 6);
        assert_eq!(sum_of_evens(&[0, 7, 10]), 10);
    }

    #[test]
    fn is_zero_without_even_numbers() {
        assert_eq!(sum_of_evens(&[]), 0);
        assert_eq!(sum_of_evens(&[1, 3, 5]), 0);
    }

    #[test]
    fn counts_negative_even_numbers() {
        assert_eq!(sum_of_evens(&[-2, -3, 4]), 2);
        assert_eq!(sum_of_evens(&[-4, -6]), -10);
    }`),
    // Bug: the extra n > 0 drops negative even numbers.
    wrong: `/// Returns the sum of the even numbers in \`numbers\`, or 0 when there are none.
pub fn sum_of_evens(numbers: &[i64]) -> i64 {
    numbers.iter().filter(|&&n| n > 0 && n % 2 == 0).sum()
}`,
  },
  "is-palindrome": {
    solution: `/// Returns whether \`text\` reads the same both ways, ignoring case and every character that is
/// not an ASCII letter or digit. The empty string is a palindrome.
pub fn is_palindrome(text: &str) -> bool {
    let kept: Vec<char> = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    kept.iter().eq(kept.iter().rev())
}`,
    tests: tests(`    #[test]
    fn accepts_palindromes_with_punctuation_and_case() {
        assert!(is_palindrome("A man, a plan, a canal: Panama"));
        assert!(is_palindrome("No 'x' in Nixon"));
    }

    #[test]
    fn accepts_strings_with_nothing_to_compare() {
        assert!(is_palindrome(""));
        assert!(is_palindrome(".,!"));
    }

    #[test]
    fn rejects_non_palindromes() {
        assert!(!is_palindrome("race a car"));
        assert!(!is_palindrome("0P"));
    }

    #[test]
    fn ignores_non_ascii_letters() {
        assert!(is_palindrome("\\u{e9}x"));
    }`),
    // Bug: char::is_alphanumeric accepts every Unicode letter, not only ASCII ones.
    wrong: `/// Returns whether \`text\` reads the same both ways, ignoring case and every character that is
/// not an ASCII letter or digit. The empty string is a palindrome.
pub fn is_palindrome(text: &str) -> bool {
    let kept: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    kept.iter().eq(kept.iter().rev())
}`,
  },
  gcd: {
    solution: `/// Returns the greatest common divisor of two non-negative integers by Euclid's algorithm;
/// \`gcd(0, 0)\` is 0.
pub fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}`,
    tests: tests(`    #[test]
    fn finds_the_greatest_common_divisor() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(18, 12), 6);
        assert_eq!(gcd(1071, 462), 21);
    }

    #[test]
    fn coprime_numbers_have_divisor_one() {
        assert_eq!(gcd(17, 5), 1);
    }

    #[test]
    fn handles_zero() {
        assert_eq!(gcd(0, 7), 7);
        assert_eq!(gcd(7, 0), 7);
        assert_eq!(gcd(0, 0), 0);
    }`),
    // Bug: tests the wrong argument for zero, so the recursion divides by zero and panics.
    wrong: `/// Returns the greatest common divisor of two non-negative integers by Euclid's algorithm;
/// \`gcd(0, 0)\` is 0.
pub fn gcd(a: u64, b: u64) -> u64 {
    if a == 0 {
        b
    } else {
        gcd(b, a % b)
    }
}`,
  },
  fibonacci: {
    solution: `/// Returns the n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, iteratively.
pub fn fibonacci(n: u32) -> u64 {
    let (mut previous, mut current) = (0u64, 1u64);
    for _ in 0..n {
        (previous, current) = (current, previous + current);
    }
    previous
}`,
    tests: tests(`    #[test]
    fn starts_with_zero_and_one() {
        assert_eq!(fibonacci(0), 0);
        assert_eq!(fibonacci(1), 1);
        assert_eq!(fibonacci(2), 1);
    }

    #[test]
    fn computes_later_numbers() {
        assert_eq!(fibonacci(10), 55);
        assert_eq!(fibonacci(50), 12_586_269_025);
    }

    #[test]
    fn reaches_ninety_without_overflow() {
        assert_eq!(fibonacci(90), 2_880_067_194_370_816_120);
    }`),
    // Bug: the range 1..n runs the loop once too few times, returning F(n - 1).
    wrong: `/// Returns the n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90, iteratively.
pub fn fibonacci(n: u32) -> u64 {
    let (mut previous, mut current) = (0u64, 1u64);
    for _ in 1..n {
        (previous, current) = (current, previous + current);
    }
    previous
}`,
  },
  "count-vowels": {
    solution: `/// Returns how many characters of \`text\` are vowels (a, e, i, o, u, in either case).
pub fn count_vowels(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
        .count()
}`,
    tests: tests(`    #[test]
    fn counts_vowels_in_either_case() {
        assert_eq!(count_vowels("Hello World"), 3);
        assert_eq!(count_vowels("AEIOU"), 5);
        assert_eq!(count_vowels("Programming Is Fun"), 5);
        assert_eq!(count_vowels("Banana Bread"), 5);
    }

    #[test]
    fn is_zero_without_vowels() {
        assert_eq!(count_vowels(""), 0);
        assert_eq!(count_vowels("rhythm"), 0);
    }`),
    // Bug: only lower-case vowels are counted.
    wrong: `/// Returns how many characters of \`text\` are vowels (a, e, i, o, u, in either case).
pub fn count_vowels(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
        .count()
}`,
  },
  "binary-search": {
    solution: `use std::cmp::Ordering;

/// Returns the index of \`target\` in \`items\`, sorted in ascending order without duplicates,
/// or -1 when it is absent, in O(log n).
pub fn binary_search(items: &[i32], target: i32) -> isize {
    // Half-open interval [low, high) of candidates.
    let (mut low, mut high) = (0, items.len());
    while low < high {
        let middle = low + (high - low) / 2;
        match items[middle].cmp(&target) {
            Ordering::Equal => return middle as isize,
            Ordering::Less => low = middle + 1,
            Ordering::Greater => high = middle,
        }
    }
    -1
}`,
    tests: tests(`    const ITEMS: [i32; 5] = [1, 3, 5, 7, 9];

    #[test]
    fn finds_every_present_item() {
        assert_eq!(binary_search(&ITEMS, 1), 0);
        assert_eq!(binary_search(&ITEMS, 5), 2);
        assert_eq!(binary_search(&ITEMS, 7), 3);
        assert_eq!(binary_search(&ITEMS, 9), 4);
    }

    #[test]
    fn returns_minus_one_when_absent() {
        assert_eq!(binary_search(&ITEMS, 4), -1);
        assert_eq!(binary_search(&ITEMS, 0), -1);
        assert_eq!(binary_search(&ITEMS, 10), -1);
    }

    #[test]
    fn handles_empty_and_single_item_slices() {
        assert_eq!(binary_search(&[], 1), -1);
        assert_eq!(binary_search(&[42], 42), 0);
    }`),
    // Bug: closed-interval update in a half-open loop: high = middle - 1 skips a candidate.
    wrong: `use std::cmp::Ordering;

/// Returns the index of \`target\` in \`items\`, sorted in ascending order without duplicates,
/// or -1 when it is absent, in O(log n).
pub fn binary_search(items: &[i32], target: i32) -> isize {
    // Half-open interval [low, high) of candidates.
    let (mut low, mut high) = (0, items.len());
    while low < high {
        let middle = low + (high - low) / 2;
        match items[middle].cmp(&target) {
            Ordering::Equal => return middle as isize,
            Ordering::Less => low = middle + 1,
            Ordering::Greater => high = middle - 1,
        }
    }
    -1
}`,
  },
};
