import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// The solution is solution.go (package main, with an empty main); the tests are solution_test.go.
const tests = (name: string, checks: string) => `package main

import "testing"

func Test${name}(t *testing.T) {
${checks}
}`;

export const go: LanguageBank = {
  "sum-of-evens": {
    solution: `package main

// sumOfEvens returns the sum of the even numbers in numbers (0 when there are none).
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
    tests: tests("SumOfEvens", `	cases := []struct {
		in   []int
		want int
	}{{[]int{1, 2, 3, 4}, 6}, {nil, 0}, {[]int{1, 3, 5}, 0}, {[]int{-2, -3, 4}, 2}}
	for _, c := range cases {
		if got := sumOfEvens(c.in); got != c.want {
			t.Errorf("sumOfEvens(%v) = %d, want %d", c.in, got, c.want)
		}
	}`),
    wrong: `package main

// sumOfEvens returns the sum of the even numbers in numbers (0 when there are none).
func sumOfEvens(numbers []int) int {
	sum := 0
	for _, n := range numbers {
		if n%2 == 0 && n > 0 {
			sum += n
		}
	}
	return sum
}

func main() {}`,
  },
  "is-palindrome": {
    solution: `package main

import "strings"

// isPalindrome reports whether text reads the same both ways, ignoring case and non-alphanumerics.
func isPalindrome(text string) bool {
	var kept []rune
	for _, r := range strings.ToLower(text) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			kept = append(kept, r)
		}
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		if kept[i] != kept[j] {
			return false
		}
	}
	return true
}

func main() {}`,
    tests: tests("IsPalindrome", `	cases := map[string]bool{"A man, a plan, a canal: Panama": true, "": true, "hello": false, "No 'x' in Nixon": true}
	for in, want := range cases {
		if got := isPalindrome(in); got != want {
			t.Errorf("isPalindrome(%q) = %v, want %v", in, got, want)
		}
	}`),
    wrong: `package main

// isPalindrome reports whether text reads the same both ways, ignoring case and non-alphanumerics.
func isPalindrome(text string) bool {
	var kept []rune
	for _, r := range text {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			kept = append(kept, r)
		}
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		if kept[i] != kept[j] {
			return false
		}
	}
	return true
}

func main() {}`,
  },
  gcd: {
    solution: `package main

// gcd returns the greatest common divisor of two non-negative integers (Euclid's algorithm).
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func main() {}`,
    tests: tests("Gcd", `	cases := [][3]int{{12, 18, 6}, {17, 5, 1}, {0, 7, 7}, {0, 0, 0}}
	for _, c := range cases {
		if got := gcd(c[0], c[1]); got != c[2] {
			t.Errorf("gcd(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}`),
    wrong: `package main

// gcd returns the greatest common divisor of two non-negative integers (Euclid's algorithm).
func gcd(a, b int) int {
	for b > 1 {
		a, b = b, a%b
	}
	return a
}

func main() {}`,
  },
  fibonacci: {
    solution: `package main

// fibonacci returns the n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
func fibonacci(n int) int64 {
	var a, b int64 = 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

func main() {}`,
    tests: tests("Fibonacci", `	cases := map[int]int64{0: 0, 1: 1, 10: 55, 90: 2880067194370816120}
	for n, want := range cases {
		if got := fibonacci(n); got != want {
			t.Errorf("fibonacci(%d) = %d, want %d", n, got, want)
		}
	}`),
    wrong: `package main

// fibonacci returns the n-th Fibonacci number (F(0) = 0, F(1) = 1), iteratively, in 64 bits.
func fibonacci(n int) int64 {
	var a, b int64 = 0, 1
	for i := 1; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

func main() {}`,
  },
  "count-vowels": {
    solution: `package main

import "strings"

// countVowels returns how many characters of text are vowels (a, e, i, o, u, either case).
func countVowels(text string) int {
	count := 0
	for _, r := range strings.ToLower(text) {
		if strings.ContainsRune("aeiou", r) {
			count++
		}
	}
	return count
}

func main() {}`,
    tests: tests("CountVowels", `	cases := map[string]int{"Hello World": 3, "": 0, "AEIOU": 5, "rhythm": 0}
	for in, want := range cases {
		if got := countVowels(in); got != want {
			t.Errorf("countVowels(%q) = %d, want %d", in, got, want)
		}
	}`),
    wrong: `package main

import "strings"

// countVowels returns how many characters of text are vowels (a, e, i, o, u, either case).
func countVowels(text string) int {
	count := 0
	for _, r := range text {
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

// binarySearch returns the index of target in the ascending slice items, or -1, in O(log n).
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
    tests: tests("BinarySearch", `	items := []int{1, 3, 5, 7, 9}
	cases := map[int]int{7: 3, 9: 4, 4: -1, 1: 0}
	for target, want := range cases {
		if got := binarySearch(items, target); got != want {
			t.Errorf("binarySearch(%v, %d) = %d, want %d", items, target, got, want)
		}
	}
	if got := binarySearch(nil, 1); got != -1 {
		t.Errorf("binarySearch(nil, 1) = %d, want -1", got)
	}`),
    wrong: `package main

// binarySearch returns the index of target in the ascending slice items, or -1, in O(log n).
func binarySearch(items []int, target int) int {
	low, high := 0, len(items)-1
	for low < high {
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
