package schemas

// Finding codes of spec §6 (request) and §10 (manifest), plus JSON_SYNTAX for
// a body that is not JSON at all (reported by the command line), and
// JSON_DUPLICATE_KEY and JSON_INVALID_UTF8 for JSON that decodes but whose
// meaning depends on the reader (a repeated object key; bytes that are not
// UTF-8), found by Decode.
const (
	CodeJSONSyntax       = "JSON_SYNTAX"
	CodeJSONDuplicateKey = "JSON_DUPLICATE_KEY"
	CodeJSONInvalidUTF8  = "JSON_INVALID_UTF8"

	CodeEnvNotObject    = "ENV_NOT_OBJECT"
	CodeEnvMissing      = "ENV_MISSING"
	CodeEnvL10nMissing  = "ENV_L10N_MISSING"
	CodeEnvUnknownField = "ENV_UNKNOWN_FIELD"
	CodeTSFormat        = "TS_FORMAT"
	CodeTSNoZone        = "TS_NO_ZONE"
	CodeTSSkew          = "TS_SKEW"
	CodeRefLength       = "REF_LENGTH"
	CodeRefCharset      = "REF_CHARSET"
	CodeRefHyphen       = "REF_HYPHEN"
	CodeExpFormat       = "EXP_FORMAT"
	CodeExpNoZone       = "EXP_NO_ZONE"
	CodeExpInPast       = "EXP_IN_PAST"
	CodeExpTooSoon      = "EXP_TOO_SOON"
	CodeExpTooLate      = "EXP_TOO_LATE"
	CodeExpVsTimestamp  = "EXP_VS_TIMESTAMP"

	CodeEvtShape              = "EVT_SHAPE"
	CodeEvtUnknown            = "EVT_UNKNOWN"
	CodeEvtNotPublished       = "EVT_NOT_PUBLISHED"
	CodeAudType               = "AUD_TYPE"
	CodeAudMulticastPayload   = "AUD_MULTICAST_PAYLOAD"
	CodeAudMulticastNoPayload = "AUD_MULTICAST_NO_PAYLOAD"
	CodeAudUnicastUser        = "AUD_UNICAST_USER"
	CodeAudUserFormat         = "AUD_USER_FORMAT"

	CodePLMissing         = "PL_MISSING"
	CodePLType            = "PL_TYPE"
	CodePLEnum            = "PL_ENUM"
	CodePLUnknownField    = "PL_UNKNOWN_FIELD"
	CodePLEmptyString     = "PL_EMPTY_STRING"
	CodePLNegative        = "PL_NEGATIVE"
	CodeTrashCount        = "TRASH_COUNT"
	CodeTrashDuplicate    = "TRASH_DUPLICATE"
	CodeLocaleUnsupported = "LOCALE_UNSUPPORTED"
	CodeWeatherNoSource   = "WEATHER_NO_SOURCE"

	CodeL10nNotAllowed         = "L10N_NOT_ALLOWED"
	CodeL10nBadRef             = "L10N_BAD_REF"
	CodeL10nEntryShape         = "L10N_ENTRY_SHAPE"
	CodeL10nLocaleFormat       = "L10N_LOCALE_FORMAT"
	CodeL10nDupLocale          = "L10N_DUP_LOCALE"
	CodeL10nUndefinedKey       = "L10N_UNDEFINED_KEY"
	CodeL10nKeyMissingInLocale = "L10N_KEY_MISSING_IN_LOCALE"
	CodeL10nUnusedKey          = "L10N_UNUSED_KEY"
	CodeL10nNoEntries          = "L10N_NO_ENTRIES"
	CodeManNoPermission        = "MAN_NO_PERMISSION"
	CodeManNoEndpoint          = "MAN_NO_ENDPOINT"
	CodeManNoPublications      = "MAN_NO_PUBLICATIONS"
	CodeManUnknownEvent        = "MAN_UNKNOWN_EVENT"
	CodeManDupPublication      = "MAN_DUP_PUBLICATION"
	CodeManNoSubscriptionEvent = "MAN_NO_SUBSCRIPTION_EVENT"
)

// CodeInfo describes a finding code.
type CodeInfo struct {
	Code     string
	Severity Severity // severity outside strict mode
	Flagged  bool     // a ⚑ warning: strict mode makes it an error
}

// codeTable lists every code in spec order.
var codeTable = []CodeInfo{
	{CodeJSONSyntax, SeverityError, false},
	{CodeJSONDuplicateKey, SeverityError, false},
	{CodeJSONInvalidUTF8, SeverityError, false},
	{CodeEnvNotObject, SeverityError, false},
	{CodeEnvMissing, SeverityError, false},
	{CodeEnvL10nMissing, SeverityWarning, false},
	{CodeEnvUnknownField, SeverityWarning, true},
	{CodeTSFormat, SeverityError, false},
	{CodeTSNoZone, SeverityWarning, false},
	{CodeRefLength, SeverityError, false},
	{CodeRefCharset, SeverityError, false},
	{CodeRefHyphen, SeverityWarning, false},
	{CodeExpFormat, SeverityError, false},
	{CodeExpNoZone, SeverityWarning, false},
	{CodeExpInPast, SeverityError, false},
	{CodeExpTooSoon, SeverityError, false},
	{CodeExpTooLate, SeverityError, false},
	{CodeExpVsTimestamp, SeverityWarning, true},
	{CodeTSSkew, SeverityWarning, false},
	{CodeEvtShape, SeverityError, false},
	{CodeEvtUnknown, SeverityError, false},
	{CodeEvtNotPublished, SeverityError, false},
	{CodeAudType, SeverityError, false},
	{CodeAudMulticastPayload, SeverityError, false},
	{CodeAudMulticastNoPayload, SeverityWarning, true},
	{CodeAudUnicastUser, SeverityError, false},
	{CodeAudUserFormat, SeverityWarning, false},
	{CodePLMissing, SeverityError, false},
	{CodePLType, SeverityError, false},
	{CodePLEnum, SeverityError, false},
	{CodePLUnknownField, SeverityWarning, true},
	{CodePLEmptyString, SeverityWarning, false},
	{CodePLNegative, SeverityWarning, false},
	{CodeTrashCount, SeverityError, false},
	{CodeTrashDuplicate, SeverityWarning, false},
	{CodeLocaleUnsupported, SeverityWarning, false},
	{CodeWeatherNoSource, SeverityWarning, true},
	{CodeL10nNotAllowed, SeverityError, false},
	{CodeL10nBadRef, SeverityError, false},
	{CodeL10nEntryShape, SeverityError, false},
	{CodeL10nLocaleFormat, SeverityError, false},
	{CodeL10nDupLocale, SeverityError, false},
	{CodeL10nUndefinedKey, SeverityError, false},
	{CodeL10nKeyMissingInLocale, SeverityWarning, true},
	{CodeL10nUnusedKey, SeverityWarning, false},
	{CodeL10nNoEntries, SeverityError, false},
	{CodeManNoPermission, SeverityError, false},
	{CodeManNoEndpoint, SeverityError, false},
	{CodeManNoPublications, SeverityError, false},
	{CodeManUnknownEvent, SeverityError, false},
	{CodeManDupPublication, SeverityError, false},
	{CodeManNoSubscriptionEvent, SeverityInfo, false},
}

// Codes returns every finding code with its severity, in spec order. The
// slice is shared; do not modify it.
func Codes() []CodeInfo { return codeTable }

// LookupCode returns the description of a finding code.
func LookupCode(code string) (CodeInfo, bool) {
	for _, c := range codeTable {
		if c.Code == code {
			return c, true
		}
	}
	return CodeInfo{}, false
}
