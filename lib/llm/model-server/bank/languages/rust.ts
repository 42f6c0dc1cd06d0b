import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// Tests are a #[cfg(test)] module appended to the solution, run with `rustc --test`.
const tests = (body: string) => `#[cfg(test)]
mod tests {
    use super::*;

${body}
}`;

export const rust: LanguageBank = {
  "sum-of-evens": {
    solution: `/// Returns the sum of the even numbers in \`numbers\` (0 when there are none).
pub fn sum_of_evens(numbers: &[i64]) -> i64 {
    numbers.iter().filter(|n| *n % 2 == 0).sum()
}`,
    tests: tests(`    #[test]
    fn sums_even_numbers() {
        assert_eq!(sum_of_evens(&[1, 2, 3, 4]), 6);
        assert_eq!(sum_of_evens(&[]), 0);
        assert_eq!(sum_of_evens(&[1, 3, 5]), 0);
        assert_eq!(sum_of_evens(&[-2, -3, 4]), 2);
    }`),
    wrong: `/// Returns the sum of the even numbers in \`numbers\` (0 when there are none).
pub fn sum_of_evens(numbers: &[i64]) -> i64 {
    numbers.iter().filter(|n| *n % 2 == 0 && **n > 0).sum()
}`,
  },
  "is-palindrome": {
    solution: `/// Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters.
pub fn is_palindrome(text: &str) -> bool {
    let kept: Vec<char> = text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    kept.iter().eq(kept.iter().rev())
}`,
    tests: tests(`    #[test]
    fn recognises_palindromes() {
        assert!(is_palindrome("A man, a plan, a canal: Panama"));
        assert!(is_palindrome(""));
        assert!(!is_palindrome("hello"));
        assert!(is_palindrome("No 'x' in Nixon"));
    }`),
    wrong: `/// Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters.
pub fn is_palindrome(text: &str) -> bool {
    let kept: Vec<char> = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    kept.iter().eq(kept.iter().rev())
}`,
  },
  gcd: {
    solution: `/// Greatest common divisor of two non-negative integers, by Euclid's algorithm.
pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}`,
    tests: tests(`    #[test]
    fn computes_gcd() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(17, 5), 1);
        assert_eq!(gcd(0, 7), 7);
        assert_eq!(gcd(0, 0), 0);
    }`),
    wrong: `/// Greatest common divisor of two non-negative integers, by Euclid's algorithm.
pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b > 1 {
        (a, b) = (b, a % b);
    }
    a
}`,
  },
  fibonacci: {
    solution: `/// The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
pub fn fibonacci(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}`,
    tests: tests(`    #[test]
    fn computes_fibonacci() {
        assert_eq!(fibonacci(0), 0);
        assert_eq!(fibonacci(1), 1);
        assert_eq!(fibonacci(10), 55);
        assert_eq!(fibonacci(90), 2_880_067_194_370_816_120);
    }`),
    wrong: `/// The n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
pub fn fibonacci(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 1..n {
        (a, b) = (b, a + b);
    }
    a
}`,
  },
  "count-vowels": {
    solution: `/// How many characters of \`text\` are vowels (a, e, i, o, u, either case).
pub fn count_vowels(text: &str) -> usize {
    text.chars().filter(|c| "aeiou".contains(c.to_ascii_lowercase())).count()
}`,
    tests: tests(`    #[test]
    fn counts_vowels() {
        assert_eq!(count_vowels("Hello World"), 3);
        assert_eq!(count_vowels(""), 0);
        assert_eq!(count_vowels("AEIOU"), 5);
        assert_eq!(count_vowels("rhythm"), 0);
    }`),
    wrong: `/// How many characters of \`text\` are vowels (a, e, i, o, u, either case).
pub fn count_vowels(text: &str) -> usize {
    text.chars().filter(|c| "aeiou".contains(*c)).count()
}`,
  },
  "binary-search": {
    solution: `/// Index of \`target\` in the ascending slice \`items\`, or -1, in O(log n).
pub fn binary_search(items: &[i32], target: i32) -> i64 {
    let (mut low, mut high) = (0i64, items.len() as i64 - 1);
    while low <= high {
        let middle = low + (high - low) / 2;
        let value = items[middle as usize];
        if value == target {
            return middle;
        }
        if value < target {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    -1
}`,
    tests: tests(`    #[test]
    fn finds_or_reports_absent() {
        assert_eq!(binary_search(&[1, 3, 5, 7, 9], 7), 3);
        assert_eq!(binary_search(&[1, 3, 5, 7, 9], 9), 4);
        assert_eq!(binary_search(&[1, 3, 5, 7, 9], 4), -1);
        assert_eq!(binary_search(&[], 1), -1);
    }`),
    wrong: `/// Index of \`target\` in the ascending slice \`items\`, or -1, in O(log n).
pub fn binary_search(items: &[i32], target: i32) -> i64 {
    let (mut low, mut high) = (0i64, items.len() as i64 - 1);
    while low < high {
        let middle = low + (high - low) / 2;
        let value = items[middle as usize];
        if value == target {
            return middle;
        }
        if value < target {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    -1
}`,
  },
};
