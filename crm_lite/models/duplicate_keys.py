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
# what is read of a number: longer text is no phone number (E.164 has 15
# digits at most; room for spaces, brackets and an extension)
MAX_PHONE_LENGTH = 64
# an extension at the end of a number, by its usual marks (NFKC'd text)
EXTENSION = re.compile(
    r"\s*(?:转|轉|分机|分機|内线|內線|ext\.?|extension|x|#)\s*\d{1,6}\s*$",
    re.IGNORECASE,
)
# a number whose last group has seven digits or more, then a dash and an
# extension ("010-12345678-801"; the migration to 18.0.1.6.0 finds the
# same numbers)
DASHED_EXTENSION = re.compile(r"^(.*\d{7,})\s*-\s*\d{1,6}\s*$")

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


def is_mobile_key(key):
    """Whether the phone key ``key`` (E.164, as ``phone_key`` gives it) is a
    mobile number."""
    if not key:
        return False
    try:
        parsed = phonenumbers.parse(key)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE


def phone_key(number, region="CN"):
    """The phone number in E.164 ("+8613800000000") as read in ``region``
    (ISO country code) when it is a possible number there, else its digits;
    None for no number or one too short to tell. An extension ("转 801",
    "分机 801", "ext. 801", "x801", "#801", or "-801" after a complete
    number) is no part of it: the switchboard's number is the customer's."""
    if not number:
        return None
    text = unicodedata.normalize("NFKC", number)[:MAX_PHONE_LENGTH]
    text = EXTENSION.sub("", text)
    digits = NOT_A_DIGIT.sub("", text)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    region = region or "CN"
    parsed = _parsed_phone(text, region)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        # "010-12345678-801": the last group is an extension when the rest
        # is a valid number and the whole is none
        head = DASHED_EXTENSION.match(text)
        head = head and _parsed_phone(head.group(1), region)
        if head is not None and phonenumbers.is_valid_number(head):
            parsed = head
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _parsed_phone(text, region):
    """``text`` parsed in ``region``, or None when it cannot be."""
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


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
