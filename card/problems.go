package card

import "github.com/starmap-go/starmap"

// problemZH translates the problem parameters of the package's errors, so
// that the zh-CN message is Chinese throughout.
var problemZH = map[string]string{
	"a phone number belongs in the phone field": "手机号请填写在手机号一栏",
	"brand too long":                            "品牌过长",
	"description too long":                      "合作内容过长",
	"brand is empty":                            "品牌不能为空",
	"character not allowed in the domain":       "域名中有不允许的字符",
	"character not allowed in the local part":   "@前有不允许的字符",
	"domain label starts or ends with a hyphen": "域名的一段不能以减号开头或结尾",
	"empty domain":                              "缺少域名",
	"empty local part":                          "@前不能为空",
	"empty or too long domain label":            "域名中有空段或过长的段",
	"empty":                                     "不能为空",
	"local part longer than 64 characters":      "@前超过64个字符",
	"longer than 20 characters":                 "超过20个字符",
	"longer than 254 characters":                "超过254个字符",
	"malformed e-mail address":                  "邮箱格式错误",
	"misplaced dot in the local part":           "@前的点号位置不正确",
	"must start with a letter":                  "须以字母开头",
	"neither an e-mail address nor a link":      "既不是邮箱也不是链接",
	"no @":                                      "缺少@",
	"not 11 digits":                             "不是11位数字",
	"not a mobile number (want 13x–19x)":        "不是手机号(应以13–19开头)",
	"only digits, spaces, hyphens and a leading + are allowed":              "只能包含数字、空格、减号和开头的+",
	"only letters, digits, '_' and '-' are allowed":                         "只能包含字母、数字、下划线和减号",
	"only the +86 country code is accepted":                                 "仅支持+86国家码",
	"shorter than 6 characters":                                             "少于6个字符",
	"the domain needs a dot":                                                "域名缺少点号",
	"the link holds spaces or non-ASCII characters":                         "链接中不能有空格、中文或全角字符",
	"the link is not on feishu.cn or larksuite.com":                         "链接不是飞书或国际版飞书的地址",
	"the link must be https":                                                "链接须使用加密的安全协议",
	"the link must not carry user info":                                     "链接不能包含用户信息",
	"the link must not name a port":                                         "链接不能指定端口",
	"the link must lead to a profile or an invitation, not the home page":   "链接须指向个人名片或邀请页,不能是飞书首页",
	phoneSeparatorProblem:                                                   "分隔符只能是单个空格或减号,且只能在国家码之后及第3、第7位数字之后(如138 1234 5678)",
	"too long":                                                              "过长",
	"top-level domain must be letters":                                      "顶级域名须为字母",
	"top-level domain shorter than 2 letters":                               "顶级域名少于2个字母",
	"unparsable link":                                                       "无法解析的链接",
	"malformed":                                                             "格式错误",
	"it is the creator's real number":                                       "与达人的真实手机号相同",
	"not an absolute http(s) URL":                                           "不是完整的网址",
	"longer than 2048 bytes":                                                "超过2048字节",
	"longer than 64 bytes":                                                  "超过64字节",
	"surrounding white space":                                               "首尾有空白",
	"white space, control or invisible format characters, or invalid UTF-8": "包含空白、控制字符、不可见的格式字符或无效字符",
}

// problem returns the problem parameter, worded in both languages.
func problem(en string) starmap.Param {
	zh, ok := problemZH[en]
	if !ok {
		zh = en
	}
	return starmap.LabeledArg("problem", zh, en)
}

// clip shortens input that an error message echoes to its first 64
// characters: a message must not carry megabytes of what it refuses.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == 64 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
