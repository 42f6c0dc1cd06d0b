import type { LanguageBank } from "@/model-server/bank/types";

// The solution is solution.go (`package main`, ending with an empty `func main() {}` so that it also
// builds as a program on its own); the tests are solution_test.go in the same directory, run with
// `GO111MODULE=off go test ./`, exit 0 = pass. The tests must not declare main.
const tests = (name: string, body: string) => `package main

import "testing"

func Test${name}(t *testing.T) {
${body}
}`;

export const go: LanguageBank = {
  "sum-of-evens": {
    solution: `package main

// sumOfEvens returns the sum of the even numbers in numbers, or 0 when there are none.
func sumOfEvens(numbers []int) int {
	sum := 0
	for _, n := range numbers {
		if n%2 == 0 {
			sum += n
		}
	}
	return sum
}

func main() {}`,
    tests: tests(
      "SumOfEvens",
      `	cases := []struct {
		numbers []int
		want    int
	}{
		{[]int{1, 2, 3, 4}, 6},
		{nil, 0},
		{[]int{}, 0},
		{[]int{1, 3, 5}, 0},
		{[]int{-2, -3, 4}, 2},
		{[]int{-4, -6}, -10},
		{[]int{0, 7, 10}, 10},
	}
	for _, c := range cases {
		if got := sumOfEvens(c.numbers); got != c.want {
			t.Errorf("sumOfEvens(%v) = %d, want %d", c.numbers, got, c.want)
		}
	}`,
    ),
    // Bug: in Go a negative odd number % 2 is -1, not 1, so -3 is summed as if it were even.
    wrong: `package main

// sumOfEvens returns the sum of the even numbers in numbers, or 0 when there are none.
func sumOfEvens(numbers []int) int {
	sum := 0
	for _, n := range numbers {
		if n%2 != 1 {
			sum += n
		}
	}
	return sum
}

func main() {}`,
  },
  "is-palindrome": {
    solution: `package main

// isPalindrome reports whether s reads the same both ways, ignoring case and every byte
// that is not an ASCII letter or digit. The empty string is a palindrome.
func isPalindrome(s string) bool {
	i, j := 0, len(s)-1
	for i < j {
		switch {
		case !isASCIIAlphanumeric(s[i]):
			i++
		case !isASCIIAlphanumeric(s[j]):
			j--
		case toLowerASCII(s[i]) != toLowerASCII(s[j]):
			return false
		default:
			i++
			j--
		}
	}
	return true
}

func isASCIIAlphanumeric(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func toLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func main() {}`,
    tests: tests(
      "IsPalindrome",
      `	cases := []struct {
		s    string
		want bool
	}{
		{"A man, a plan, a canal: Panama", true},
		{"", true},
		{"race a car", false},
		{"No 'x' in Nixon", true},
		{"0P", false},
		{".,!", true},
		{"\\u00e9x", true}, // non-ASCII letters are ignored
	}
	for _, c := range cases {
		if got := isPalindrome(c.s); got != c.want {
			t.Errorf("isPalindrome(%q) = %v, want %v", c.s, got, c.want)
		}
	}`,
    ),
    // Bug: the bytes are compared without folding case, so "A ... a" does not match.
    wrong: `package main

// isPalindrome reports whether s reads the same both ways, ignoring case and every byte
// that is not an ASCII letter or digit. The empty string is a palindrome.
func isPalindrome(s string) bool {
	i, j := 0, len(s)-1
	for i < j {
		switch {
		case !isASCIIAlphanumeric(s[i]):
			i++
		case !isASCIIAlphanumeric(s[j]):
			j--
		case s[i] != s[j]:
			return false
		default:
			i++
			j--
		}
	}
	return true
}

func isASCIIAlphanumeric(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func main() {}`,
  },
  gcd: {
    solution: `package main

// gcd returns the greatest common divisor of two non-negative integers by Euclid's
// algorithm; gcd(0, 0) is 0.
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func main() {}`,
    tests: tests(
      "Gcd",
      `	cases := []struct{ a, b, want int }{
		{12, 18, 6},
		{18, 12, 6},
		{17, 5, 1},
		{1071, 462, 21},
		{0, 7, 7},
		{7, 0, 7},
		{0, 0, 0},
	}
	for _, c := range cases {
		if got := gcd(c.a, c.b); got != c.want {
			t.Errorf("gcd(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}`,
    ),
    // Bug: two sequential assignments instead of one tuple assignment: b becomes b % b = 0.
    wrong: `package main

// gcd returns the greatest common divisor of two non-negative integers by Euclid's
// algorithm; gcd(0, 0) is 0.
func gcd(a, b int) int {
	for b != 0 {
		a = b
		b = a % b
	}
	return a
}

func main() {}`,
  },
  fibonacci: {
    solution: `package main

// fibonacci returns the n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90,
// computed iteratively in 64 bits.
func fibonacci(n int) int64 {
	var previous, current int64 = 0, 1
	for i := 0; i < n; i++ {
		previous, current = current, previous+current
	}
	return previous
}

func main() {}`,
    tests: tests(
      "Fibonacci",
      `	cases := []struct {
		n    int
		want int64
	}{
		{0, 0},
		{1, 1},
		{2, 1},
		{10, 55},
		{50, 12586269025},
		{90, 2880067194370816120},
	}
	for _, c := range cases {
		if got := fibonacci(c.n); got != c.want {
			t.Errorf("fibonacci(%d) = %d, want %d", c.n, got, c.want)
		}
	}`,
    ),
    // Bug: starting from (1, 1) shifts the sequence: fibonacci(0) returns 1.
    wrong: `package main

// fibonacci returns the n-th Fibonacci number (F(0) = 0, F(1) = 1) for 0 <= n <= 90,
// computed iteratively in 64 bits.
func fibonacci(n int) int64 {
	var previous, current int64 = 1, 1
	for i := 0; i < n; i++ {
		previous, current = current, previous+current
	}
	return previous
}

func main() {}`,
  },
  "count-vowels": {
    solution: `package main

import "strings"

// countVowels returns how many runes of s are vowels (a, e, i, o, u, in either case).
func countVowels(s string) int {
	count := 0
	for _, r := range s {
		if strings.ContainsRune("aeiouAEIOU", r) {
			count++
		}
	}
	return count
}

func main() {}`,
    tests: tests(
      "CountVowels",
      `	cases := []struct {
		s    string
		want int
	}{
		{"Hello World", 3},
		{"", 0},
		{"AEIOU", 5},
		{"rhythm", 0},
		{"Programming Is Fun", 5},
		{"Banana Bread", 5},
	}
	for _, c := range cases {
		if got := countVowels(c.s); got != c.want {
			t.Errorf("countVowels(%q) = %d, want %d", c.s, got, c.want)
		}
	}`,
    ),
    // Bug: only lower-case vowels are counted.
    wrong: `package main

import "strings"

// countVowels returns how many runes of s are vowels (a, e, i, o, u, in either case).
func countVowels(s string) int {
	count := 0
	for _, r := range s {
		if strings.ContainsRune("aeiou", r) {
			count++
		}
	}
	return count
}

func main() {}`,
  },
  "binary-search": {
    solution: `package main

// binarySearch returns the index of target in items, which is sorted in ascending order
// without duplicates, or -1 when it is absent, in O(log n).
func binarySearch(items []int, target int) int {
	low, high := 0, len(items)-1
	for low <= high {
		middle := low + (high-low)/2
		switch {
		case items[middle] == target:
			return middle
		case items[middle] < target:
			low = middle + 1
		default:
			high = middle - 1
		}
	}
	return -1
}

func main() {}`,
    tests: tests(
      "BinarySearch",
      `	items := []int{1, 3, 5, 7, 9}
	cases := []struct {
		items  []int
		target int
		want   int
	}{
		{items, 1, 0},
		{items, 5, 2},
		{items, 7, 3},
		{items, 9, 4},
		{items, 4, -1},
		{items, 10, -1},
		{nil, 1, -1},
		{[]int{42}, 42, 0},
	}
	for _, c := range cases {
		if got := binarySearch(c.items, c.target); got != c.want {
			t.Errorf("binarySearch(%v, %d) = %d, want %d", c.items, c.target, got, c.want)
		}
	}`,
    ),
    // Bug: high starts one past the end, so a target above every item reads items[len(items)].
    wrong: `package main

// binarySearch returns the index of target in items, which is sorted in ascending order
// without duplicates, or -1 when it is absent, in O(log n).
func binarySearch(items []int, target int) int {
	low, high := 0, len(items)
	for low <= high {
		middle := low + (high-low)/2
		switch {
		case items[middle] == target:
			return middle
		case items[middle] < target:
			low = middle + 1
		default:
			high = middle - 1
		}
	}
	return -1
}

func main() {}`,
  },
};
