package kit

import (
	"slices"
	"testing"
)

func TestEnglishWords_X5(t *testing.T) {
	cases := []struct {
		msg     string
		allowed []string
		want    []string
	}{
		{"组件cmp-1当前为有效", nil, []string{"cmp"}},
		{"组件cmp-1当前为有效", []string{"cmp-1"}, nil},
		{"当前为valid,不能修改", []string{"cmp-1"}, []string{"valid"}},
		{"MCN机构无权执行此操作", []string{"MCN"}, nil},
		{"AB 12 三个字母abc与Chinese", nil, []string{"abc", "Chinese"}},
		{"达人 m1-sub 提交", []string{"m1", "m1-sub"}, nil}, // the longer id goes first
		{"ends with English", nil, []string{"ends", "with", "English"}},
		{"", nil, nil},
	}
	for _, c := range cases {
		if got := EnglishWords(c.msg, c.allowed...); !slices.Equal(got, c.want) {
			t.Errorf("EnglishWords(%q, %q) = %q, want %q", c.msg, c.allowed, got, c.want)
		}
	}
}
