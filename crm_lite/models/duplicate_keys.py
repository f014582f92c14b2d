"""The normal forms under which two entries of one company are recognised as
the same customer (查重): its name without the legal form and the usual
spellings' differences, its phone numbers in E.164, its unified social
credit code (统一社会信用代码). Pure functions of their input, shared by the
stored keys of the partners and the check of a new entry."""

import re
import unicodedata

import phonenumbers

# Legal forms at the end of a Chinese company's name, longest first: the
# same company is registered with and without them.
CHINESE_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
)
# The same for Latin names, as whole words (after the punctuation is gone:
# "Co., Ltd." is "co ltd").
LATIN_SUFFIXES = frozenset(
    {
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "ltd",
        "plc",
    }
)
# A country in brackets says nothing ("（中国）有限公司"); a city does: the
# subsidiaries 某某（北京） and 某某（上海） are two customers.
COUNTRY_IN_BRACKETS = re.compile(r"\(\s*(中国|中國|china|prc|p\.r\.c\.?)\s*\)")
NOT_A_WORD_CHARACTER = re.compile(r"[\W_]+")
NOT_A_DIGIT = re.compile(r"\D+")
# shorter numbers are extensions or typing errors, which match anything
MIN_PHONE_DIGITS = 6

USCC_LENGTH = 18
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015: the weight of position i is 3**i mod 31
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def name_key(name):
    """The company name as compared for duplicates: half-width, lower case,
    without spaces, punctuation, a bracketed country and the legal form;
    None for no name."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).casefold()
    text = COUNTRY_IN_BRACKETS.sub(" ", text)
    words = NOT_A_WORD_CHARACTER.sub(" ", text).split()
    while len(words) > 1 and words[-1] in LATIN_SUFFIXES:
        words.pop()
    full = "".join(words)
    key = full
    stripped = True
    while stripped:
        stripped = False
        for suffix in CHINESE_SUFFIXES:
            rest = key.removesuffix(suffix)
            # 分公司 is a branch: another customer than its head office
            if rest != key and rest and not (suffix == "公司" and rest.endswith("分")):
                key, stripped = rest, True
                break
    return key or full or None


def phone_key(number, region="CN"):
    """The phone number in E.164 ("+8613800000000") as read in ``region``
    (ISO country code) when it is a possible number there, else its digits;
    None for no number or one too short to tell."""
    if not number:
        return None
    text = unicodedata.normalize("NFKC", number)
    digits = NOT_A_DIGIT.sub("", text)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    try:
        parsed = phonenumbers.parse(text, region or "CN")
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(parsed):
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def vat_key(vat):
    """The tax number as compared: half-width, upper case, letters and
    digits only; None for none."""
    if not vat:
        return None
    return (
        NOT_A_WORD_CHARACTER.sub("", unicodedata.normalize("NFKC", vat)).upper() or None
    )


def uscc_check_character(first_17):
    """The check character (the 18th) of a unified social credit code whose
    first 17 characters are ``first_17``, by GB 32100-2015."""
    total = sum(
        USCC_CHARSET.index(character) * weight
        for character, weight in zip(first_17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_error(code):
    """Why ``code`` (as ``vat_key`` gives it) is no unified social credit
    code: "length", "character" or "check"; None when it is one."""
    if len(code) != USCC_LENGTH:
        return "length"
    if any(character not in USCC_CHARSET for character in code):
        return "character"
    if uscc_check_character(code[:17]) != code[17]:
        return "check"
    return None
