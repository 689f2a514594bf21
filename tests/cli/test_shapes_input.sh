# Value shapes as entered on the command line (spec/forms.md "Value shapes"):
# text is valid UTF-8 without control characters, money is capped and has no
# minus sign, and a draft keeps a partly filled party/officers/signatures/av
# that finalising then refuses until it is complete.

records() { sqlite3 "$JILU_DB" 'SELECT count(*) FROM records'; }

test_text_with_a_control_character_is_refused_at_its_field() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite place=$'某超市\e[2J'
	expect_in "R18.2 第十八条: place: 第4个字符是控制字符 U+001B" "$ERR"
	expect_exit 2 jilu --lang en record new "$a" inspection.onsite place=$'a\rb'
	expect_in "R18.2 Art. 18: place: character 2 is the control character U+000D" "$ERR"
	expect_eq 0 "$(records)" "records after the refusals"
}

test_text_that_is_not_utf8_is_refused() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite place=$'\xc0\xaf'
	expect_in "place: 第1个字符不是有效的 UTF-8 编码" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite place=$'\xed\xa0\x80'
	expect_in "place: 第1个字符不是有效的 UTF-8 编码" "$ERR"
	expect_eq 0 "$(records)" "records after the refusals"
}

test_text_keeps_line_feeds_and_tabs() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 0 jilu record new "$a" inspection.onsite situation=$'货架整齐\n\t冷柜正常'
	expect_eq $'货架整齐\n\t冷柜正常' \
		"$(sqlite3 "$JILU_DB" "SELECT data->>'situation' FROM records WHERE id = $OUT")" "situation"
}

test_nested_text_members_are_held_to_the_same_rules() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite 'party:={"name":"王\u0007五"}'
	expect_in "party.name: 第2个字符是控制字符 U+0007" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite \
		'officers:=[{"name":"张三","cert":"13001"},{"name":"李四","cert":"13002\u0085"}]'
	expect_in "officers[1].cert: 第6个字符是控制字符 U+0085" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'signatures:=[{"role":"party","name":"\u001b[31m王五"}]'
	expect_in "signatures[0].name: 第1个字符是控制字符 U+001B" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'av:={"mode":"none","reason":"设备\u007f故障"}'
	expect_in "av.reason: 第3个字符是控制字符 U+007F" "$ERR"
	expect_eq 0 "$(records)" "records after the refusals"
}

test_money_refuses_minus_zero_and_more_than_1e12_yuan() {
	setup_store
	a=$(jilu action open fee)
	expect_exit 2 jilu record new "$a" fee.collection 'amount:=-0'
	expect_in "R2.1 第二条: amount: 金额不能为负" "$ERR"
	expect_exit 2 jilu record new "$a" fee.collection 'amount:=1000000000000.01'
	expect_in "amount: 金额不能超过 1000000000000 元" "$ERR"
	expect_exit 2 jilu record new "$a" fee.collection 'amount:=20000000000.001'
	expect_in "amount: 金额最多两位小数" "$ERR"
	expect_exit 2 jilu record new "$a" fee.collection 'amount:=0.30000000000000004'
	expect_in "amount: 金额最多两位小数" "$ERR"
	expect_eq 0 "$(records)" "records after the refusals"
	expect_exit 0 jilu record new "$a" fee.collection 'amount:=1000000000000'
	expect_exit 0 jilu record new "$a" fee.collection 'amount:=999999999999.99'
}

# DESIGN: every committed field is saved at once, so a draft keeps what was
# typed so far; finalising asks for the rest.
test_draft_keeps_partly_filled_values_and_finalising_asks_for_the_rest() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 0 jilu record new "$a" inspection.onsite 'party:={"address":"昌黎县民生街1号"}' \
		'officers:=[{"name":"张三"},{"cert":"13002"}]' \
		'signatures:=[{"role":"party","name":"王五","status":"refused"},{"role":"officer"}]' \
		'av:={"mode":"photos"}'
	r=$OUT
	expect_eq '{"name":"张三"}' "$(sqlite3 "$JILU_DB" "SELECT json(data->'officers'->0) FROM records WHERE id = $r")" "officers[0] kept"
	expect_exit 3 jilu record finalize "$r"
	expect_in "officers[0].cert: 须填写执法证号" "$ERR"
	expect_in "officers[0].shown: 须记录是否出示执法证件" "$ERR"
	expect_in "officers[1].name: 须填写姓名" "$ERR"
	expect_in "signatures[0].reason: 拒签须写明原因" "$ERR"
	expect_in "signatures[1].name: 须填写签名人姓名" "$ERR"
	expect_in "signatures[1].status: 须填写，可选：signed、sealed、refused" "$ERR"
	expect_in "av.reason: 未全程音像记录须说明原因" "$ERR"
	expect_in "party.name: 须填写名称" "$ERR"
	expect_eq draft "$(sqlite3 "$JILU_DB" "SELECT state FROM records WHERE id = $r")" "state"
}

test_draft_still_refuses_what_is_wrong_in_what_was_given() {
	setup_store
	a=$(jilu action open inspection)
	expect_exit 2 jilu record new "$a" inspection.onsite 'officers:=[{"cert":"13001"},{"cert":"13001"}]'
	expect_in "officers[1].cert: 执法证号重复" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite \
		'party:={"id_type":"uscc","id_number":"91350100M000100Y4A"}'
	expect_in "party.id_number: 校验位错误，应为 3" "$ERR"
	expect_not_in "party.name" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'signatures:=[{"role":"boss"}]'
	expect_in "signatures[0].role: 应为以下之一" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'av:={"mode":"film"}'
	expect_in "av.mode: 应为以下之一" "$ERR"
	expect_exit 2 jilu record new "$a" inspection.onsite 'officers:=[{"rank":"科员"}]'
	expect_in "officers[0].rank: 未知字段" "$ERR"
	expect_eq 0 "$(records)" "records after the refusals"
}
