package component

import "github.com/starmap-go/starmap"

// Content rules (CMP-1). The title and the page are free text checked by
// the root's one validator: a broken one is starmap.ErrTextInvalid.
var (
	// ErrAppIDInvalid: the app id is not "tt" + 16 to 18 lowercase hex digits.
	ErrAppIDInvalid = starmap.NewRule("component.app_id.invalid", starmap.ErrInvalid,
		"小程序AppID格式错误:{value}(应为 tt 加 16 至 18 位小写十六进制字符)",
		"invalid mini-program app id {value} (want \"tt\" and 16 to 18 lowercase hex digits)")
	// ErrPathInvalid: the page path breaks the path syntax.
	ErrPathInvalid = starmap.NewRule("component.page.path_invalid", starmap.ErrInvalid,
		"小程序页面路径无效:{problem}", "invalid mini-program page path: {problem}")
	// ErrQueryInvalid: the page query breaks the query syntax.
	ErrQueryInvalid = starmap.NewRule("component.page.query_invalid", starmap.ErrInvalid,
		"小程序页面参数无效:{problem}", "invalid mini-program page query: {problem}")
	// ErrTitleBlank: the title is empty or only white space.
	ErrTitleBlank = starmap.NewRule("component.title.blank", starmap.ErrInvalid,
		"组件标题不能为空", "the component title must not be blank")
	// ErrIconInvalid: the icon is not an absolute https URL of at most MaxIconLen bytes.
	ErrIconInvalid = starmap.NewRule("component.icon.invalid", starmap.ErrInvalid,
		"组件图标地址无效:{problem}", "invalid component icon URL: {problem}")
	// ErrChannelInvalid: the channel is neither short video nor live.
	ErrChannelInvalid = starmap.NewRule("component.channel.invalid", starmap.ErrInvalid,
		"投放渠道无效:{value}(应为短视频或直播)", "invalid channel {value} (want short-video or live)")
)

// Library and review rules (CMP-1, CMP-2).
var (
	// ErrNotOwner: the advertiser acting is not the component's owner. Only
	// the aggregate's own methods (Edit, Resubmit) raise it, to a caller
	// that already holds the component; the Service answers someone else's
	// component with ErrUnknown, exactly as an id that does not exist.
	ErrNotOwner = starmap.NewRule("component.not_owner", starmap.ErrForbidden,
		"组件{component}不属于当前广告主", "component {component} does not belong to this advertiser")
	// ErrUnknown: the Service found no component of this id that the actor
	// may see — none exists, or (for an advertiser) it is in another
	// advertiser's library. The two are told apart by nothing, so ids of
	// other libraries cannot be probed.
	ErrUnknown = starmap.NewRule("component.unknown", starmap.ErrNotFound,
		"未找到组件{component}", "component {component} not found")
	// ErrIDTaken: Service.Create was given an id the store already holds.
	ErrIDTaken = starmap.NewRule("component.id_taken", starmap.ErrConflict,
		"组件编号{component}已被使用", "component id {component} is already taken")
	// ErrEditNotRejected: only a rejected (审核未通过) component can be edited.
	ErrEditNotRejected = starmap.NewRule("component.edit.not_rejected", starmap.ErrInvalid,
		"组件{component}当前为{state},只有审核未通过的组件可以修改",
		"component {component} is {state}; only a rejected component can be edited")
	// ErrResubmitNotRejected: only a rejected component can be submitted again.
	ErrResubmitNotRejected = starmap.NewRule("component.resubmit.not_rejected", starmap.ErrInvalid,
		"组件{component}当前为{state},只有审核未通过的组件可以重新提交",
		"component {component} is {state}; only a rejected component can be submitted again")
	// ErrReviewNotInReview: only a component in review (审核中) can be approved or rejected.
	ErrReviewNotInReview = starmap.NewRule("component.review.not_in_review", starmap.ErrInvalid,
		"组件{component}当前为{state},不在审核中", "component {component} is {state}, not in review")
	// ErrRejectReasonRequired: a rejection needs a reason that is not
	// blank (its text is then checked as starmap.ErrTextInvalid describes).
	ErrRejectReasonRequired = starmap.NewRule("component.review.reason_required", starmap.ErrInvalid,
		"审核不通过须填写驳回原因", "a rejection needs a reason")
	// ErrFilterInvalid: a list filter names a state or channel that does
	// not exist.
	ErrFilterInvalid = starmap.NewRule("component.list.filter_invalid", starmap.ErrInvalid,
		"组件列表筛选条件无效:{problem}", "invalid component list filter: {problem}")
	// ErrRecordInvalid: a stored record cannot be rehydrated (FromRecord).
	ErrRecordInvalid = starmap.NewRule("component.record.invalid", starmap.ErrInvalid,
		"组件记录{component}无效:{problem}", "component record {component} is invalid: {problem}")
)

// Mount rules (CMP-3). Each refusal names the component in the parameter
// "component".
var (
	// ErrMountUnknown: no component of this id is in the advertiser's
	// library — none exists, or it is another advertiser's. The two answer
	// alike (same code, same message), so nothing about someone else's
	// component leaks, not even that it exists.
	ErrMountUnknown = starmap.NewRule("component.mount.unknown", starmap.ErrNotFound,
		"组件{component}不在您的组件库中,无法挂载", "component {component} is not in your component library and cannot be mounted")
	// ErrMountInReview: the component is still in review (审核中).
	ErrMountInReview = starmap.NewRule("component.mount.in_review", starmap.ErrInvalid,
		"组件{component}正在审核中,审核通过后才能挂载", "component {component} is in review; it can be mounted once approved")
	// ErrMountRejected: the component was rejected (审核未通过).
	ErrMountRejected = starmap.NewRule("component.mount.rejected", starmap.ErrInvalid,
		"组件{component}审核未通过,无法挂载", "component {component} was rejected in review and cannot be mounted")
	// ErrMountChannel: the component's channel is not the task's format.
	ErrMountChannel = starmap.NewRule("component.mount.channel_mismatch", starmap.ErrInvalid,
		"组件{component}的投放渠道为{channel},不能挂载到{format}任务",
		"component {component} is for {channel} and cannot be mounted on a {format} task")
	// ErrMountDelisted: the component's mini-program has been taken down
	// (下架). The zh-CN message is the platform's red prompt, exactly.
	ErrMountDelisted = starmap.NewRule("component.mount.mini_program_delisted", starmap.ErrInvalid,
		"小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件",
		"The mini-program has been taken down, so the component cannot be mounted; restore the mini-program first, then mount the component")
	// ErrMountMiniProgramUnknown: the directory does not know the component's mini-program.
	ErrMountMiniProgramUnknown = starmap.NewRule("component.mount.mini_program_unknown", starmap.ErrInvalid,
		"组件{component}关联的小程序{app_id}不存在,组件无法挂载",
		"the mini-program {app_id} of component {component} is unknown, so the component cannot be mounted")
	// ErrMountDuplicate: the same component is listed more than once.
	ErrMountDuplicate = starmap.NewRule("component.mount.duplicate", starmap.ErrInvalid,
		"组件{component}重复挂载", "component {component} is listed more than once")
	// ErrMountInput: a malformed mount check (an invalid advertiser id,
	// format or component id), refused before any component is looked at.
	ErrMountInput = starmap.NewRule("component.mount.input_invalid", starmap.ErrInvalid,
		"挂载检查参数无效:{problem}", "invalid mount check: {problem}")
)
